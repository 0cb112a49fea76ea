// The profile manager driven through its UI: what it saves goes through ProfileStore into an INI file of the
// test's own and a keychain stand-in, import shows its notes first, export leaves secrets out, the connection test
// runs against the mock cluster and a refused port without stalling the GUI, and Connect / Disconnect follow the
// connection manager.
#include "background.h"
#include "connectionmanager.h"
#include "connectiontestpanel.h"
#include "importpreviewdialog.h"
#include "memorysecretstore.h"
#include "mockcluster.h"
#include "profileform.h"
#include "profilelistdelegate.h"
#include "profilemanagerdialog.h"
#include "profilestore.h"
#include "secretstoreresolver.h"
#include "silentlistener.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

#include <functional>

using namespace OffsetLens;
using namespace std::chrono_literals;

namespace {

// A keychain that is never there, like on this headless machine.
class NoKeychain : public SecretStore
{
public:
    void read(const QString &, SecretCallback done) override { fail(done); }
    void write(const QString &, const ProfileSecrets &, SecretCallback done) override { fail(done); }
    void remove(const QString &, SecretCallback done) override { fail(done); }

private:
    static void fail(const SecretCallback &done)
    {
        deliverSecretResult(
            done, SecretResult::failure(SecretError::NoKeychain, QStringLiteral("No keychain service answers here.")));
    }
};

// The settings, secret stores and profile store of one test, all its own.
struct Sandbox
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat};
    SecretStoreResolver secrets;
    std::shared_ptr<MemorySecretStore> keychain = std::make_shared<MemorySecretStore>();
    ProfileStore store{&settings, &secrets};

    Sandbox() { secrets.setKeychainStore(keychain); }

    ConnectionProfile add(const QString &name, const QString &servers = QStringLiteral("k1:9092"),
                          const QString &password = {})
    {
        ConnectionProfile p;
        p.name = name;
        p.bootstrapServers = servers;
        if (!password.isEmpty()) {
            p.securityProtocol = SecurityProtocol::SaslSsl;
            p.saslMechanism = SaslMechanism::ScramSha256;
            p.saslUsername = QStringLiteral("svc");
            p.secrets.saslPassword = password;
        }
        ConnectionProfile saved;
        if (!store.save(p, nullptr, &saved))
            return {};
        if (!password.isEmpty()) {
            bool done = false;
            store.saveSecrets(saved, [&done](const SecretResult &) { done = true; });
            QElapsedTimer timer;
            timer.start();
            while (!done && timer.elapsed() < 2000)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        return saved;
    }

    QStringList names() const
    {
        QStringList names;
        for (const ConnectionProfile &p : store.profiles())
            names.append(p.name);
        return names;
    }

    SecretResult readSecrets(const ConnectionProfile &profile) const
    {
        std::optional<SecretResult> result;
        store.readSecrets(profile, [&result](const SecretResult &r) { result = r; });
        QElapsedTimer timer;
        timer.start();
        while (!result && timer.elapsed() < 2000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        return result.value_or(SecretResult::failure(SecretError::Other, QStringLiteral("no answer")));
    }
};

// Answers the next modal widget of type T (and object name `name`, when given) from the event loop it runs.
template <typename T> void whenModal(const QString &name, std::function<void(T *)> answer)
{
    auto *timer = new QTimer;
    auto *clock = new QElapsedTimer;
    clock->start();
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, clock, name, answer] {
        auto *modal = qobject_cast<T *>(QApplication::activeModalWidget());
        const bool found = modal && (name.isEmpty() || modal->objectName() == name);
        if (!found && clock->elapsed() < 10000)
            return;
        timer->stop();
        timer->deleteLater();
        delete clock;
        if (found)
            answer(modal);
    });
    timer->start();
}

void clickButton(QMessageBox *box, const QString &objectName)
{
    auto *button = box->findChild<QPushButton *>(objectName);
    QVERIFY2(button, qPrintable(objectName));
    button->click();
}

void chooseFile(QFileDialog *dialog, const QString &path)
{
    dialog->setDirectory(QFileInfo(path).absolutePath());
    dialog->selectFile(QFileInfo(path).fileName());
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog's own, protected there
}

void choose(QComboBox *combo, int data)
{
    const int target = combo->findData(data);
    QVERIFY(target >= 0);
    while (combo->currentIndex() != target)
        QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

QLineEdit *edit(ProfileManagerDialog &dialog, ProfileField field)
{
    return qobject_cast<QLineEdit *>(dialog.form()->fieldWidget(field));
}

QPushButton *button(ProfileManagerDialog &dialog, const QString &name)
{
    return dialog.findChild<QPushButton *>(name);
}

// The longest time the GUI thread's event loop could not react while it lives: a 2 ms timer's longest gap.
class GapMeter
{
public:
    GapMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            if (m_last >= 0)
                m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start(2);
    }
    qint64 longestGapMs() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_longest = 0;
};

// Shown and active, so that keyboard shortcuts reach it as they reach a user's window.
void showActive(QWidget &widget)
{
    widget.show();
    QApplication::setActiveWindow(&widget);
    QVERIFY(QTest::qWaitForWindowActive(&widget));
}

void saveScreenshot(QWidget &widget, const QString &name)
{
    QTest::qWait(50); // pending layout requests first, as a user's event loop handles them before painting
    widget.grab().save(QDir::temp().filePath(name)); // looked at by hand
}

} // namespace

class TestProfileManager : public QObject
{
    Q_OBJECT

    std::unique_ptr<Test::MockCluster> m_mock;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // ConnectionManager's own ProfileStore: never the user's settings
        QCoreApplication::setOrganizationName(QStringLiteral("OffsetLensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_profilemanager"));
        QSettings().clear();
        m_mock = std::make_unique<Test::MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(QStringLiteral("orders"), 3));
        QVERIFY(m_mock->produce(QStringLiteral("orders"), 0, 5));
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        QVERIFY(Background::waitForIdle(20s));
    }

    void demoIsShownButNotEditable()
    {
        Sandbox box;
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        QCOMPARE(dialog.list()->count(), 1);
        QCOMPARE(dialog.currentId(), ProfileStore::demoProfileId());
        QVERIFY(!dialog.form()->isEditable());
        QVERIFY(!button(dialog, QStringLiteral("deleteProfile"))->isEnabled());
        QVERIFY(!button(dialog, QStringLiteral("duplicateProfile"))->isEnabled());
        QVERIFY(!dialog.testPanel()->testButton()->isEnabled());
        QVERIFY(button(dialog, QStringLiteral("connectProfile"))->isDefault());
        QTest::keyClick(dialog.list(), Qt::Key_Delete); // nothing to ask: the demo stays
        QCOMPARE(box.names(), QStringList{ProfileStore::demoProfileName()});
    }

    // Refused input stays in the dialog and nothing is saved; accepted input is saved and connected.
    void newProfileValidatesSavesAndConnects()
    {
        Sandbox box;
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        QTest::mouseClick(button(dialog, QStringLiteral("newProfile")), Qt::LeftButton);
        QVERIFY(dialog.form()->isEditable());
        QVERIFY(dialog.currentId().isEmpty());
        QCOMPARE(dialog.list()->count(), 2); // the new one is listed while it is edited
        typeInto(edit(dialog, ProfileField::Name), QStringLiteral("staging"));
        typeInto(edit(dialog, ProfileField::BootstrapServers), QStringLiteral("kafka-staging:"));
        QVERIFY(!dialog.form()->problemText(ProfileField::BootstrapServers).isEmpty());

        // Enter is Connect: refused while a field is wrong, nothing saved, the dialog stays.
        QTest::keyClick(edit(dialog, ProfileField::BootstrapServers), Qt::Key_Return);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.statusText().contains(QStringLiteral("marked")));
        QCOMPARE(box.names().size(), 1);

        QTest::keyClicks(edit(dialog, ProfileField::BootstrapServers), QStringLiteral("9092"));
        dialog.form()
            ->findChild<QPlainTextEdit *>(QStringLiteral("pinnedGroups"))
            ->setPlainText(QStringLiteral("billing\n\n  audit  \n"));
        QTest::keyClick(edit(dialog, ProfileField::BootstrapServers), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.connectedProfile().bootstrapServers, QStringLiteral("kafka-staging:9092"));
        const std::optional<ConnectionProfile> saved = box.store.profile(QStringLiteral("staging"));
        QVERIFY(saved);
        QCOMPARE(saved->id, dialog.connectedProfile().id);
        QCOMPARE(saved->pinnedGroups, (QStringList{QStringLiteral("billing"), QStringLiteral("audit")}));
        QCOMPARE(box.store.lastUsed(), saved->id);
    }

    void editsAreSavedWithSecretsAndNeverLostSilently()
    {
        Sandbox box;
        const ConnectionProfile alpha = box.add(QStringLiteral("alpha"));
        const ConnectionProfile beta = box.add(QStringLiteral("beta"));
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        dialog.selectProfile(alpha.id);
        QCOMPARE(dialog.currentId(), alpha.id);

        // SCRAM with a password, saved: the settings file has the profile, the keychain its password.
        choose(dialog.form()->findChild<QComboBox *>(QStringLiteral("securityProtocol")),
               int(SecurityProtocol::SaslSsl));
        choose(dialog.form()->findChild<QComboBox *>(QStringLiteral("saslMechanism")), int(SaslMechanism::ScramSha256));
        typeInto(edit(dialog, ProfileField::SaslUsername), QStringLiteral("svc-offsets"));
        QVERIFY(!dialog.form()->problemText(ProfileField::SaslPassword).isEmpty());
        typeInto(edit(dialog, ProfileField::SaslPassword), QStringLiteral("planted-pw-1"));
        QVERIFY(dialog.list()->currentItem()->data(ProfileListDelegate::ModifiedRole).toBool());
        QTest::mouseClick(button(dialog, QStringLiteral("saveProfile")), Qt::LeftButton);
        QVERIFY2(!dialog.form()->isModified(), qPrintable(dialog.statusText()));
        const ConnectionProfile stored = *box.store.profileById(alpha.id);
        QCOMPARE(stored.securityProtocol, SecurityProtocol::SaslSsl);
        QCOMPARE(stored.saslUsername, QStringLiteral("svc-offsets"));
        QTRY_COMPARE(box.readSecrets(stored).secrets.saslPassword, QStringLiteral("planted-pw-1"));
        QVERIFY(box.keychain->contains(alpha.id));
        box.settings.sync();
        QFile ini(box.settings.fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("planted-pw-1"));

        // Another selection with unsaved edits asks; Cancel stays on the edits.
        typeInto(edit(dialog, ProfileField::BootstrapServers), QStringLiteral("k2:9092"));
        whenModal<QMessageBox>(QStringLiteral("unsavedChanges"),
                               [](QMessageBox *m) { m->button(QMessageBox::Cancel)->click(); });
        dialog.list()->setCurrentRow(2);
        QCOMPARE(dialog.currentId(), alpha.id);
        QCOMPARE(dialog.list()->currentRow(), 1);
        QVERIFY(dialog.form()->isModified());

        // Discard drops them.
        whenModal<QMessageBox>(QStringLiteral("unsavedChanges"),
                               [](QMessageBox *m) { m->button(QMessageBox::Discard)->click(); });
        dialog.list()->setCurrentRow(2);
        QCOMPARE(dialog.currentId(), beta.id);
        QCOMPARE(box.store.profileById(alpha.id)->bootstrapServers, QStringLiteral("k1:9092"));

        // Save keeps them; the password read back from the keychain is in the form again.
        dialog.list()->setCurrentRow(1);
        QTRY_COMPARE(edit(dialog, ProfileField::SaslPassword)->text(), QStringLiteral("planted-pw-1"));
        QVERIFY(!dialog.form()->isModified());
        typeInto(edit(dialog, ProfileField::BootstrapServers), QStringLiteral("k3:9092"));
        whenModal<QMessageBox>(QStringLiteral("unsavedChanges"),
                               [](QMessageBox *m) { m->button(QMessageBox::Save)->click(); });
        dialog.list()->setCurrentRow(2);
        QCOMPARE(dialog.currentId(), beta.id);
        QCOMPARE(box.store.profileById(alpha.id)->bootstrapServers, QStringLiteral("k3:9092"));
        QTRY_COMPARE(box.readSecrets(stored).secrets.saslPassword, QStringLiteral("planted-pw-1"));

        // Esc with unsaved edits asks too.
        typeInto(edit(dialog, ProfileField::Name), QStringLiteral("beta 2"));
        whenModal<QMessageBox>(QStringLiteral("unsavedChanges"),
                               [](QMessageBox *m) { m->button(QMessageBox::Cancel)->click(); });
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(dialog.isVisible());
        whenModal<QMessageBox>(QStringLiteral("unsavedChanges"),
                               [](QMessageBox *m) { m->button(QMessageBox::Discard)->click(); });
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(box.store.profileById(beta.id)->name, QStringLiteral("beta"));
    }

    void duplicateDeleteAndReorder()
    {
        Sandbox box;
        const ConnectionProfile a = box.add(QStringLiteral("a"), QStringLiteral("a:9092"), QStringLiteral("pw-of-a"));
        box.add(QStringLiteral("b"));
        box.add(QStringLiteral("c"));
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        QSignalSpy changed(&dialog, &ProfileManagerDialog::profilesChanged);
        showActive(dialog);
        dialog.selectProfile(a.id);

        QTest::mouseClick(button(dialog, QStringLiteral("duplicateProfile")), Qt::LeftButton);
        const QString demo = ProfileStore::demoProfileName();
        QCOMPARE(box.names(), (QStringList{demo, QStringLiteral("a"), QStringLiteral("a (copy)"), QStringLiteral("b"),
                                           QStringLiteral("c")}));
        QCOMPARE(dialog.list()->currentRow(), 2);
        const ConnectionProfile copy = *box.store.profile(QStringLiteral("a (copy)"));
        QCOMPARE(dialog.currentId(), copy.id);
        // Its secrets were copied, and the form shows them once they are there.
        QTRY_COMPARE(edit(dialog, ProfileField::SaslPassword)->text(), QStringLiteral("pw-of-a"));
        QVERIFY(box.keychain->contains(copy.id));

        // Move down with the button, up with Alt+Up; the demo stays first.
        QTest::mouseClick(dialog.findChild<QToolButton *>(QStringLiteral("moveDown")), Qt::LeftButton);
        QTRY_COMPARE(box.names(), (QStringList{demo, QStringLiteral("a"), QStringLiteral("b"),
                                               QStringLiteral("a (copy)"), QStringLiteral("c")}));
        QTRY_COMPARE(dialog.list()->currentRow(), 3);
        QTest::keyClick(dialog.list(), Qt::Key_Up, Qt::AltModifier);
        QTest::keyClick(dialog.list(), Qt::Key_Up, Qt::AltModifier);
        QTRY_COMPARE(box.names(), (QStringList{demo, QStringLiteral("a (copy)"), QStringLiteral("a"),
                                               QStringLiteral("b"), QStringLiteral("c")}));
        QTRY_COMPARE(dialog.list()->currentRow(), 1);
        QVERIFY(!dialog.findChild<QToolButton *>(QStringLiteral("moveUp"))->isEnabled());

        // A drag is a move in the list's model: "c" to the top stays below the demo.
        QVERIFY(dialog.list()->model()->moveRow(QModelIndex(), 4, QModelIndex(), 0));
        QTRY_COMPARE(box.names(), (QStringList{demo, QStringLiteral("c"), QStringLiteral("a (copy)"),
                                               QStringLiteral("a"), QStringLiteral("b")}));
        QTRY_COMPARE(dialog.list()->item(0)->text(), demo);
        QCOMPARE(dialog.currentId(), copy.id); // still what is being edited

        // The Delete key asks; Cancel keeps, Delete deletes (with the secrets).
        dialog.list()->setFocus();
        bool asked = false;
        whenModal<QMessageBox>(QStringLiteral("confirmDelete"), [&asked](QMessageBox *m) {
            asked = true;
            m->button(QMessageBox::Cancel)->click();
        });
        QTest::keyClick(dialog.list(), Qt::Key_Delete);
        QVERIFY(asked);
        QCOMPARE(box.names().size(), 5);
        asked = false;
        whenModal<QMessageBox>(QStringLiteral("confirmDelete"), [&asked](QMessageBox *m) {
            asked = true;
            for (QAbstractButton *b : m->buttons()) {
                if (m->buttonRole(b) == QMessageBox::DestructiveRole)
                    b->click();
            }
        });
        showActive(dialog); // a window manager gives the focus back when the question closes; offscreen does not
        dialog.list()->setFocus();
        QTest::keyClick(dialog.list(), Qt::Key_Delete);
        QVERIFY(asked);
        QCOMPARE(box.names(), (QStringList{demo, QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}));
        QTRY_VERIFY(!box.keychain->contains(copy.id));
        QVERIFY(box.keychain->contains(a.id));
        QCOMPARE(dialog.list()->count(), 4);
        QVERIFY(changed.size() >= 5);
    }

    void importShowsNotesThenCreatesTheProfile()
    {
        Sandbox box;
        const QString path = box.dir.filePath(QStringLiteral("client.properties"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# from the Java team\n"
                   "bootstrap.servers=secure1:9093,secure2:9093\n"
                   "security.protocol=SSL\n"
                   "ssl.truststore.location=/etc/kafka/secrets/kafka.client.truststore.jks\n"
                   "ssl.truststore.password=changeit-planted\n"
                   "frobnicate.level=11\n");
        file.close();
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);

        bool previewed = false;
        whenModal<ImportPreviewDialog>(QString(), [&](ImportPreviewDialog *preview) {
            previewed = true;
            QTreeWidget *notes = preview->notesView();
            QStringList rows;
            for (int i = 0; i < notes->topLevelItemCount(); ++i) {
                const QTreeWidgetItem *item = notes->topLevelItem(i);
                rows.append(item->text(0) + QLatin1Char(' ') + item->text(1) + QLatin1Char(' ') + item->text(2));
            }
            const QString all = rows.join(QLatin1Char('\n'));
            QVERIFY2(all.contains(QStringLiteral("6 frobnicate.level Unknown key")), qPrintable(all));
            QVERIFY2(all.contains(QStringLiteral("4 ssl.truststore.location")), qPrintable(all));
            QVERIFY2(all.contains(QStringLiteral("5 ssl.truststore.password Not carried over")), qPrintable(all));
            // The JKS note's commands are in a selectable box, ready to copy.
            for (int i = 0; i < notes->topLevelItemCount(); ++i) {
                if (notes->topLevelItem(i)->text(1) == QStringLiteral("ssl.truststore.location"))
                    notes->setCurrentItem(notes->topLevelItem(i));
            }
            QVERIFY(preview->noteText()->toPlainText().contains(QStringLiteral("keytool -importkeystore")));
            QVERIFY(preview->noteText()->textInteractionFlags() & Qt::TextSelectableByKeyboard);
            QVERIFY(!preview->findChild<QLabel *>(QStringLiteral("importErrors"))->isVisible());
            auto *name = preview->findChild<QLineEdit *>(QStringLiteral("importName"));
            QCOMPARE(name->text(), QStringLiteral("client"));
            name->setText(QStringLiteral("secure cluster"));
            saveScreenshot(*preview, QStringLiteral("offsetlens-import-preview.png"));
            preview->findChild<QPushButton *>(QStringLiteral("createProfile"))->click();
        });
        dialog.importFile(path, ProfileManagerDialog::ImportFormat::JavaProperties);
        QVERIFY(previewed);
        const std::optional<ConnectionProfile> imported = box.store.profile(QStringLiteral("secure cluster"));
        QVERIFY(imported);
        QCOMPARE(imported->bootstrapServers, QStringLiteral("secure1:9093,secure2:9093"));
        QCOMPARE(imported->securityProtocol, SecurityProtocol::Ssl);
        QCOMPARE(imported->sslCaFile, QStringLiteral("/etc/kafka/secrets/kafka.client.truststore-ca.pem"));
        QCOMPARE(dialog.currentId(), imported->id);
        QVERIFY(dialog.statusText().contains(QStringLiteral("Imported")));
        // The converted CA file does not exist yet: the form says so where it belongs.
        QVERIFY(dialog.form()->problemText(ProfileField::SslCaFile).contains(QStringLiteral("There is no file")));
        box.settings.sync();
        QFile ini(box.settings.fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("changeit-planted"));

        // Cancelled at the preview: nothing is created.
        whenModal<ImportPreviewDialog>(QString(), [](ImportPreviewDialog *preview) { preview->reject(); });
        dialog.importFile(path, ProfileManagerDialog::ImportFormat::JavaProperties);
        QCOMPARE(box.names().size(), 2);

        // A kcat config: a key this librdkafka does not know is kept, and listed.
        const QString kcat = box.dir.filePath(QStringLiteral("kcat.conf"));
        QFile kcatFile(kcat);
        QVERIFY(kcatFile.open(QIODevice::WriteOnly));
        kcatFile.write("bootstrap.servers=kcat-broker:9092\nsome.future.setting=on\n");
        kcatFile.close();
        QString listed;
        whenModal<ImportPreviewDialog>(QString(), [&listed](ImportPreviewDialog *preview) {
            for (int i = 0; i < preview->notesView()->topLevelItemCount(); ++i)
                listed += preview->notesView()->topLevelItem(i)->text(0) + QLatin1Char(' ') +
                          preview->notesView()->topLevelItem(i)->text(1) + QLatin1Char(';');
            preview->findChild<QPushButton *>(QStringLiteral("createProfile"))->click();
        });
        dialog.importFile(kcat, ProfileManagerDialog::ImportFormat::Librdkafka);
        QVERIFY2(listed.contains(QStringLiteral("2 some.future.setting;")), qPrintable(listed));
        const std::optional<ConnectionProfile> fromKcat = box.store.profile(QStringLiteral("kcat"));
        QVERIFY(fromKcat);
        QCOMPARE(fromKcat->bootstrapServers, QStringLiteral("kcat-broker:9092"));
        QCOMPARE(fromKcat->clientProperties.value(QStringLiteral("some.future.setting")), QStringLiteral("on"));
    }

    void exportLeavesSecretsOut()
    {
        Sandbox box;
        const ConnectionProfile p =
            box.add(QStringLiteral("payments"), QStringLiteral("pay1:9093"), QStringLiteral("planted-secret-42"));
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        dialog.selectProfile(p.id);
        QTRY_COMPARE(edit(dialog, ProfileField::SaslPassword)->text(), QStringLiteral("planted-secret-42"));

        const QString path = box.dir.filePath(QStringLiteral("payments.properties"));
        QString warning;
        whenModal<QMessageBox>(QStringLiteral("exportFormat"), [&](QMessageBox *m) {
            warning = m->informativeText();
            whenModal<QFileDialog>(QString(), [&](QFileDialog *d) { chooseFile(d, path); });
            clickButton(m, QStringLiteral("exportJava"));
        });
        QTest::mouseClick(button(dialog, QStringLiteral("exportProfile")), Qt::LeftButton);
        QVERIFY2(warning.contains(QStringLiteral("NOT included")), qPrintable(warning));
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(dialog.statusText()));
        const QByteArray exported = file.readAll();
        QVERIFY(exported.contains("bootstrap.servers=pay1\\:9093") || exported.contains("bootstrap.servers=pay1:9093"));
        QVERIFY(exported.contains("SCRAM-SHA-256"));
        QVERIFY(!exported.contains("planted-secret-42"));
        QVERIFY(dialog.statusText().contains(QStringLiteral("without its secrets")));

        const QString conf = box.dir.filePath(QStringLiteral("payments.conf"));
        QVERIFY(dialog.exportTo(conf, ExportFormat::Librdkafka));
        QFile confFile(conf);
        QVERIFY(confFile.open(QIODevice::ReadOnly));
        const QByteArray librdkafka = confFile.readAll();
        QVERIFY(librdkafka.contains("sasl.username=svc"));
        QVERIFY(!librdkafka.contains("planted-secret-42"));
    }

    void withoutKeychainTheUserChoosesWhereSecretsGo()
    {
        Sandbox box;
        box.secrets.setKeychainStore(std::make_shared<NoKeychain>());
        const ConnectionProfile first = box.add(QStringLiteral("first"));
        const ConnectionProfile second = box.add(QStringLiteral("second"));
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);

        const auto useScram = [&](const QString &password) {
            choose(dialog.form()->findChild<QComboBox *>(QStringLiteral("securityProtocol")),
                   int(SecurityProtocol::SaslPlaintext));
            choose(dialog.form()->findChild<QComboBox *>(QStringLiteral("saslMechanism")),
                   int(SaslMechanism::ScramSha512));
            typeInto(edit(dialog, ProfileField::SaslUsername), QStringLiteral("u"));
            typeInto(edit(dialog, ProfileField::SaslPassword), password);
        };

        // Asked each time: kept in memory for this run.
        dialog.selectProfile(first.id);
        useScram(QStringLiteral("memory-pw"));
        bool offered = false;
        whenModal<QMessageBox>(QStringLiteral("noKeychain"), [&](QMessageBox *m) {
            offered = true;
            saveScreenshot(*m, QStringLiteral("offsetlens-no-keychain.png"));
            clickButton(m, QStringLiteral("askEachTime"));
        });
        QVERIFY(dialog.saveProfile());
        QTRY_VERIFY(offered);
        QTRY_COMPARE(box.store.profileById(first.id)->secretStorage, SecretStorage::AskEachTime);
        QTRY_VERIFY(box.secrets.sessionStore()->contains(first.id));

        // A plain-text file, after a warning that names it.
        dialog.selectProfile(second.id);
        useScram(QStringLiteral("file-pw"));
        const QString secretsPath = box.dir.filePath(QStringLiteral("my-secrets.txt"));
        QString named;
        whenModal<QMessageBox>(QStringLiteral("noKeychain"), [&](QMessageBox *m) {
            whenModal<QFileDialog>(QString(), [&](QFileDialog *d) {
                whenModal<QMessageBox>(QStringLiteral("confirmPlainText"), [&](QMessageBox *confirm) {
                    named = confirm->text();
                    for (QAbstractButton *b : confirm->buttons()) {
                        if (confirm->buttonRole(b) == QMessageBox::AcceptRole)
                            b->click();
                    }
                });
                chooseFile(d, secretsPath);
            });
            clickButton(m, QStringLiteral("plainTextFile"));
        });
        QVERIFY(dialog.saveProfile());
        QTRY_COMPARE(box.store.profileById(second.id)->secretStorage, SecretStorage::PlainTextFile);
        QVERIFY2(named.contains(QDir::toNativeSeparators(secretsPath)), qPrintable(named));
        QCOMPARE(box.store.profileById(second.id)->secretsFile, secretsPath);
        QTRY_COMPARE(box.readSecrets(*box.store.profileById(second.id)).secrets.saslPassword,
                     QStringLiteral("file-pw"));
        QVERIFY(QFile::exists(secretsPath));
        // The form shows where they went now.
        QTRY_COMPARE(dialog.form()->findChild<QComboBox *>(QStringLiteral("secretStorage"))->currentData().toInt(),
                     int(SecretStorage::PlainTextFile));
    }

    void testConnectionAgainstTheMockCluster()
    {
        Sandbox box;
        const ConnectionProfile p = box.add(QStringLiteral("mock"), m_mock->bootstrapServers());
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        dialog.selectProfile(p.id);
        QSignalSpy finished(dialog.testPanel(), &ConnectionTestPanel::finished);
        QTest::mouseClick(dialog.testPanel()->testButton(), Qt::LeftButton);
        QVERIFY(dialog.testPanel()->isRunning());
        QCOMPARE(dialog.testPanel()->testButton()->text(), QStringLiteral("S&top Test"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const ProbeReport report = *dialog.testPanel()->lastReport();
        QVERIFY2(report.verdict == ProbeReport::Verdict::Connected, qPrintable(dialog.testPanel()->summaryText()));
        QVERIFY(dialog.testPanel()->summaryText().startsWith(QStringLiteral("<b>Connected.</b>")));
        QCOMPARE(dialog.testPanel()->stepsView()->topLevelItemCount(), 8);
        QVERIFY(dialog.testPanel()->stepsView()->topLevelItem(3)->text(1).contains(QStringLiteral("Kafka")));
        QVERIFY(dialog.testPanel()->detailsText().contains(QStringLiteral("== Kafka handshake: ok")));
        QCOMPARE(dialog.testPanel()->testButton()->text(), QStringLiteral("&Test Connection"));
        dialog.resize(1040, 760);
        saveScreenshot(dialog, QStringLiteral("offsetlens-manager-connected.png"));
    }

    void refusedPortIsReportedQuicklyWithoutStallingTheGui()
    {
        Sandbox box;
        const ConnectionProfile p = box.add(QStringLiteral("nothing there"), QStringLiteral("127.0.0.1:1"));
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        dialog.selectProfile(p.id);
        QSignalSpy finished(dialog.testPanel(), &ConnectionTestPanel::finished);
        QTest::qWait(50); // let the dialog settle, so the meter sees the test only
        GapMeter meter;
        QTest::qWait(20); // ticking already, so that a stall in the click itself is measured
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(dialog.testPanel()->testButton(), Qt::LeftButton);
        while (finished.isEmpty() && timer.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(finished.size(), 1);
        QVERIFY2(elapsed < 1500, qPrintable(QString::number(elapsed)));
        QVERIFY2(meter.longestGapMs() < 50, qPrintable(QString::number(meter.longestGapMs())));
        const ProbeReport report = *dialog.testPanel()->lastReport();
        QCOMPARE(report.verdict, ProbeReport::Verdict::NotConnected);
        const QString summary = dialog.testPanel()->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("Not connected")) &&
                     summary.contains(QStringLiteral("nothing listens on 127.0.0.1:1")),
                 qPrintable(summary));
        QVERIFY(dialog.testPanel()->detailsText().contains(QStringLiteral("TCP connection: failed")));
        QTest::mouseClick(dialog.findChild<QToolButton *>(QStringLiteral("testDetailsToggle")), Qt::LeftButton);
        QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("testDetails"))->isVisible());
        dialog.resize(1040, 760);
        saveScreenshot(dialog, QStringLiteral("offsetlens-manager-refused.png"));
    }

    void runningTestCanBeStoppedAndHidesSecrets()
    {
        Test::SilentListener silent;
        QVERIFY(silent.isValid());
        Sandbox box;
        const ConnectionProfile p =
            box.add(QStringLiteral("silent"), silent.bootstrapServers(), QStringLiteral("hunter2-planted"));
        ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        dialog.selectProfile(p.id);
        QTRY_VERIFY(!dialog.form()->secretsPending());
        QTest::mouseClick(dialog.testPanel()->testButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.testPanel()->summaryText().startsWith(QStringLiteral("Testing")));
        QTest::qWait(300);
        QVERIFY(dialog.testPanel()->isRunning());
        QTest::mouseClick(dialog.testPanel()->testButton(), Qt::LeftButton); // Stop Test
        QVERIFY(!dialog.testPanel()->isRunning());
        QCOMPARE(dialog.testPanel()->lastReport()->verdict, ProbeReport::Verdict::Cancelled);
        QVERIFY(dialog.testPanel()->summaryText().contains(QStringLiteral("Stopped")));
        QVERIFY(!dialog.testPanel()->detailsText().contains(QStringLiteral("hunter2-planted")));

        ProfileSecrets secrets;
        secrets.saslPassword = QStringLiteral("hunter2-planted");
        secrets.secretProperties.insert(QStringLiteral("ssl.keystore.password"), QStringLiteral("ks-planted"));
        QCOMPARE(
            ConnectionTestPanel::scrubbed(QStringLiteral("auth failed for hunter2-planted and ks-planted"), secrets),
            QStringLiteral("auth failed for [hidden] and [hidden]"));
    }

    // Renders the manager with marked fields, colour tags and flags in a light and a dark palette, for people to
    // look at (the PNGs go to the temporary folder).
    void screenshotsInLightAndDarkPalettes()
    {
        Sandbox box;
        ConnectionProfile prod;
        prod.name = QStringLiteral("Production EU");
        prod.colour = QStringLiteral("#d03030");
        prod.production = true;
        prod.bootstrapServers = QStringLiteral("kafka-eu-1.example.com:9093,kafka-eu-2.example.com:9093");
        prod.securityProtocol = SecurityProtocol::SaslSsl;
        prod.saslMechanism = SaslMechanism::ScramSha512;
        prod.saslUsername = QStringLiteral("offsetlens");
        prod.sslCaFile = QStringLiteral("/etc/kafka/missing-ca.pem");
        QVERIFY(box.store.save(prod, nullptr, &prod));
        ConnectionProfile staging;
        staging.name = QStringLiteral("Staging");
        staging.colour = QStringLiteral("#2f6fd6");
        staging.readOnly = true;
        staging.bootstrapServers = QStringLiteral("staging-kafka:9092");
        QVERIFY(box.store.save(staging, nullptr, &staging));

        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8c, 0x8c));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xbf));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x70, 0x70));
        dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x70, 0x70));
        dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x70, 0x70));
        for (const auto &[palette, file] : {std::pair{light, QStringLiteral("offsetlens-manager-light.png")},
                                            std::pair{dark, QStringLiteral("offsetlens-manager-dark.png")}}) {
            QApplication::setPalette(palette);
            ProfileManagerDialog dialog(nullptr, nullptr, &box.settings, &box.secrets);
            dialog.resize(1040, 760);
            showActive(dialog);
            dialog.selectProfile(prod.id);
            QVERIFY(!dialog.form()->problemText(ProfileField::SaslPassword).isEmpty());
            QVERIFY(!dialog.form()->problemText(ProfileField::SslCaFile).isEmpty());
            typeInto(edit(dialog, ProfileField::SaslUsername), QStringLiteral("offsetlens-admin"));
            saveScreenshot(dialog, file);
            whenModal<QMessageBox>(QStringLiteral("unsavedChanges"),
                                   [](QMessageBox *m) { m->button(QMessageBox::Discard)->click(); });
            dialog.reject();
        }
        QApplication::setPalette(light);
    }

    void connectAndDisconnectFollowTheConnectionManager()
    {
        Sandbox box;
        const ConnectionProfile p = box.add(QStringLiteral("mock"), m_mock->bootstrapServers());
        ConnectionManager manager(ConnectionManager::Options{});
        {
            ProfileManagerDialog dialog(&manager, nullptr, &box.settings, &box.secrets);
            showActive(dialog);
            dialog.selectProfile(p.id);
            QCOMPARE(button(dialog, QStringLiteral("connectProfile"))->text(), QStringLiteral("&Connect"));
            QTest::keyClick(dialog.list(), Qt::Key_Return); // Enter = Connect
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            QVERIFY(manager.isOpen(p.id));
        }
        ProfileManagerDialog dialog(&manager, nullptr, &box.settings, &box.secrets);
        showActive(dialog);
        QCOMPARE(dialog.currentId(), p.id); // the last one used
        QVERIFY(dialog.list()->currentItem()->data(ProfileListDelegate::OpenRole).toBool());
        QVERIFY(!dialog.list()->item(0)->data(ProfileListDelegate::OpenRole).toBool());
        QPushButton *connect = button(dialog, QStringLiteral("connectProfile"));
        QCOMPARE(connect->text(), QStringLiteral("Dis&connect"));
        QVERIFY(!connect->isDefault()); // Enter never disconnects
        QVERIFY(button(dialog, QStringLiteral("closeDialog"))->isDefault());
        saveScreenshot(dialog, QStringLiteral("offsetlens-manager-open.png"));

        // Saving an open profile's new colour reaches the open session at once.
        QSignalSpy updated(&manager, &ConnectionManager::profileUpdated);
        dialog.form()->findChild<QCheckBox *>(QStringLiteral("production"))->click();
        QVERIFY(dialog.saveProfile());
        QCOMPARE(updated.size(), 1);
        QVERIFY(manager.profile(p.id).production);

        QTest::mouseClick(connect, Qt::LeftButton);
        QVERIFY(!manager.isOpen(p.id));
        QVERIFY(dialog.isVisible()); // disconnecting keeps the manager open
        QCOMPARE(connect->text(), QStringLiteral("&Connect"));
        QVERIFY(connect->isDefault());
        QVERIFY(!dialog.list()->currentItem()->data(ProfileListDelegate::OpenRole).toBool());
    }
};

QTEST_MAIN(TestProfileManager)
#include "tst_profilemanager.moc"
