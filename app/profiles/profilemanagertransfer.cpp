// The profile manager's dealings with files: secrets (and where to keep them when no keychain is reachable),
// import of Java and librdkafka/kcat client files, and export without secrets.
#include "connectiontestpanel.h"
#include "importpreviewdialog.h"
#include "profileexport.h"
#include "profileform.h"
#include "profileimport.h"
#include "profilemanagerdialog.h"
#include "profilestore.h"
#include "secretstoreresolver.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace OffsetLens {

namespace {
// The importers refuse more than 1 MiB; reading one byte more lets them say so without reading a huge file.
constexpr qint64 kImportReadLimit = 1024 * 1024 + 1;

QString formatName(ProfileManagerDialog::ImportFormat format)
{
    return format == ProfileManagerDialog::ImportFormat::JavaProperties
               ? ProfileManagerDialog::tr("Java client properties file")
               : ProfileManagerDialog::tr("librdkafka / kcat configuration file");
}
} // namespace

void ProfileManagerDialog::storeSecrets(const ConnectionProfile &saved)
{
    m_store->saveSecrets(saved, [guard = QPointer<ProfileManagerDialog>(this), saved](const SecretResult &result) {
        if (guard)
            guard->onSecretsStored(saved, result);
    });
}

void ProfileManagerDialog::onSecretsStored(ConnectionProfile saved, const SecretResult &result)
{
    if (result.ok()) {
        if (!saved.secrets.isEmpty() && saved.id == m_currentId)
            setStatus(tr("Saved “%1”; its secrets are kept in %2.")
                          .arg(saved.name, SecretStoreResolver::describe(saved.secretStorage, saved.secretsFile)));
        return;
    }
    if (result.error == SecretError::NoKeychain) {
        offerSecretsFallback(saved, result.message);
        return;
    }
    setStatus(tr("“%1” was saved, but its secrets were not: %2").arg(saved.name, result.message), true);
}

void ProfileManagerDialog::offerSecretsFallback(ConnectionProfile saved, const QString &why)
{
    QMessageBox box(QMessageBox::Warning, tr("No Keychain"),
                    tr("The passwords and secrets of “%1” could not be put in the system keychain.").arg(saved.name),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("noKeychain"));
    box.setInformativeText(tr("%1\n\nOffsetLens can ask for them each time it connects (they stay in memory until "
                              "it quits), or keep them in a plain-text file that you choose.")
                               .arg(why));
    QPushButton *ask = box.addButton(tr("&Ask Each Time"), QMessageBox::AcceptRole);
    ask->setObjectName(QStringLiteral("askEachTime"));
    QPushButton *file = box.addButton(tr("&Plain-Text File…"), QMessageBox::ActionRole);
    file->setObjectName(QStringLiteral("plainTextFile"));
    box.addButton(tr("&Don't Keep Them"), QMessageBox::RejectRole);
    box.setDefaultButton(ask);
    box.exec();
    if (box.clickedButton() == ask) {
        saved.secretStorage = SecretStorage::AskEachTime;
        saved.secretsFile.clear();
    } else if (box.clickedButton() == file) {
        const QString path = chooseSecretsFile();
        if (path.isEmpty()) {
            setStatus(tr("“%1” was saved without its secrets.").arg(saved.name), true);
            return;
        }
        saved.secretStorage = SecretStorage::PlainTextFile;
        saved.secretsFile = path;
    } else {
        setStatus(tr("“%1” was saved without its secrets.").arg(saved.name), true);
        return;
    }
    QString error;
    ConnectionProfile resaved;
    if (!m_store->save(saved, &error, &resaved)) {
        setStatus(error, true);
        return;
    }
    // The form follows, unless the user has moved on to other edits meanwhile.
    if (resaved.id == m_currentId && !m_form->isModified()) {
        m_form->setProfile(resaved);
        m_profiles = m_store->profiles();
    }
    storeSecrets(resaved);
}

QString ProfileManagerDialog::chooseSecretsFile()
{
    const QString suggested =
        QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/secrets.txt");
    const QString path = QFileDialog::getSaveFileName(this, tr("Plain-Text File for Secrets"), suggested,
                                                      tr("All files (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return {};
    const QString shown = QDir::toNativeSeparators(path);
    QMessageBox confirm(QMessageBox::Warning, tr("Secrets in Plain Text"),
                        tr("Passwords and secrets will be written unencrypted to:\n%1").arg(shown),
                        QMessageBox::NoButton, this);
    confirm.setObjectName(QStringLiteral("confirmPlainText"));
    confirm.setInformativeText(tr("The file is made readable by you only, but anyone who can read it (an "
                                  "administrator, a backup) can read them."));
    QPushButton *use = confirm.addButton(tr("&Use This File"), QMessageBox::AcceptRole);
    confirm.addButton(QMessageBox::Cancel);
    confirm.exec();
    return confirm.clickedButton() == use ? path : QString();
}

void ProfileManagerDialog::chooseImportFile(ImportFormat format)
{
    const QString filter = format == ImportFormat::JavaProperties
                               ? tr("Java properties (*.properties *.conf *.config);;All files (*)")
                               : tr("Config files (*.conf *.config *.properties);;All files (*)");
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import %1").arg(formatName(format)), QDir::homePath(), filter);
    if (!path.isEmpty())
        importFile(path, format);
}

void ProfileManagerDialog::importFile(const QString &path, ImportFormat format)
{
    if (!confirmLeavingEdits())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setStatus(tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(path), file.errorString()), true);
        return;
    }
    const QByteArray content = file.read(kImportReadLimit);
    const ProfileImport result =
        format == ImportFormat::JavaProperties ? importJavaProperties(content) : importLibrdkafkaConfig(content);
    ImportPreviewDialog preview(path, formatName(format), result, this);
    preview.setNameCheck([this](const QString &name) {
        return m_store->profile(name) || name == ProfileStore::demoProfileName()
                   ? tr("Another profile is already called “%1”.").arg(name)
                   : QString();
    });
    if (preview.exec() != QDialog::Accepted)
        return;
    ConnectionProfile profile = result.profile;
    profile.id.clear();
    profile.name = preview.profileName();
    QString error;
    ConnectionProfile saved;
    if (!m_store->save(profile, &error, &saved)) {
        setStatus(error, true);
        return;
    }
    dropPendingNew();
    if (!saved.secrets.isEmpty())
        storeSecrets(saved);
    ++m_secretsGeneration;
    reloadList(saved.id);
    m_shownRow = m_list->currentRow();
    m_test->clear();
    m_currentId = saved.id;
    m_form->setProfile(saved);
    setStatus(tr("Imported “%1”. %n note(s) on the file's keys; the fields marked below need a look.", nullptr,
                 int(result.notes.size()))
                  .arg(saved.name));
    m_form->focusFirstError();
    Q_EMIT profilesChanged();
}

void ProfileManagerDialog::exportProfile()
{
    if (m_pendingNew || m_currentId.isEmpty() || !confirmLeavingEdits())
        return;
    const std::optional<ConnectionProfile> profile = m_store->profileById(m_currentId);
    if (!profile || profile->isDemo)
        return;
    QMessageBox box(QMessageBox::Question, tr("Export Profile"),
                    tr("Export “%1” as a client configuration file for:").arg(profile->name), QMessageBox::NoButton,
                    this);
    box.setObjectName(QStringLiteral("exportFormat"));
    box.setInformativeText(tr("Passwords and secrets are NOT included: whoever uses the file adds them. A comment "
                              "in the file names the keys left out."));
    QPushButton *librdkafka = box.addButton(tr("&librdkafka / kcat"), QMessageBox::AcceptRole);
    librdkafka->setObjectName(QStringLiteral("exportLibrdkafka"));
    QPushButton *java = box.addButton(tr("&Java client (.properties)"), QMessageBox::AcceptRole);
    java->setObjectName(QStringLiteral("exportJava"));
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(librdkafka);
    box.exec();
    if (box.clickedButton() != librdkafka && box.clickedButton() != java)
        return;
    const ExportFormat format = box.clickedButton() == java ? ExportFormat::JavaProperties : ExportFormat::Librdkafka;
    QString base = profile->name;
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString suggested =
        QDir::homePath() + QLatin1Char('/') + base +
        (format == ExportFormat::JavaProperties ? QStringLiteral(".properties") : QStringLiteral(".conf"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Profile"), suggested,
                                                      format == ExportFormat::JavaProperties
                                                          ? tr("Java properties (*.properties);;All files (*)")
                                                          : tr("Config files (*.conf);;All files (*)"));
    if (!path.isEmpty())
        exportTo(path, format);
}

bool ProfileManagerDialog::exportTo(const QString &path, ExportFormat format)
{
    const std::optional<ConnectionProfile> profile = m_store->profileById(m_currentId);
    if (!profile || profile->isDemo)
        return false;
    QSaveFile file(path);
    const QByteArray content = OffsetLens::exportProfile(profile->withoutSecrets(), format);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        setStatus(tr("%1 could not be written: %2").arg(QDir::toNativeSeparators(path), file.errorString()), true);
        return false;
    }
    setStatus(tr("Exported “%1” to %2, without its secrets.").arg(profile->name, QDir::toNativeSeparators(path)));
    return true;
}

} // namespace OffsetLens
