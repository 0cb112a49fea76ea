// The profile editor: marks appear on the right fields as the user types, and only the fields the protocol and
// SASL mechanism use are shown.
#include "colourtagbutton.h"
#include "profileform.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace OffsetLens;

namespace {
// Chooses the entry with `data` the way a user does, with the arrow keys (which emits activated()).
void choose(QComboBox *combo, int data)
{
    const int target = combo->findData(data);
    QVERIFY(target >= 0);
    combo->setFocus();
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

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

const QByteArray kCertificate =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FmZQ==\n-----END CERTIFICATE-----\n";
} // namespace

class TestProfileForm : public QObject
{
    Q_OBJECT

    ProfileForm *makeForm()
    {
        auto *form = new ProfileForm;
        ConnectionProfile p;
        p.name = QStringLiteral("staging");
        p.bootstrapServers = QStringLiteral("kafka-staging:9092");
        form->setProfile(p);
        form->resize(640, 900);
        form->show();
        return form;
    }

    template <typename T> T *field(ProfileForm *form, ProfileField f)
    {
        return qobject_cast<T *>(form->fieldWidget(f));
    }

private Q_SLOTS:
    void bootstrapIsCheckedAsYouType()
    {
        std::unique_ptr<ProfileForm> form(makeForm());
        QVERIFY(form->problemText(ProfileField::BootstrapServers).isEmpty());
        QVERIFY(!form->isModified());
        auto *bootstrap = field<QLineEdit>(form.get(), ProfileField::BootstrapServers);
        QVERIFY(bootstrap);

        // Without a port: librdkafka assumes 9092, worth a warning, not an error.
        typeInto(bootstrap, QStringLiteral("kafka-staging"));
        QVERIFY(!form->hasErrors());
        const QString noPort = form->problemText(ProfileField::BootstrapServers);
        QVERIFY2(noPort.contains(QStringLiteral("no port")), qPrintable(noPort));
        QVERIFY(form->findChild<QLabel *>(QStringLiteral("bootstrapServersProblem"))->isVisible());

        QTest::keyClicks(bootstrap, QStringLiteral(":"));
        QVERIFY(form->hasErrors());
        const QString emptyPort = form->problemText(ProfileField::BootstrapServers);
        QVERIFY2(emptyPort.contains(QStringLiteral("no port number")), qPrintable(emptyPort));
        // The mark is on this field, and only on it.
        QVERIFY(form->problemText(ProfileField::Name).isEmpty());
        QVERIFY(bootstrap->accessibleDescription().contains(QStringLiteral("port")));

        QTest::keyClicks(bootstrap, QStringLiteral("9092"));
        QVERIFY(form->problemText(ProfileField::BootstrapServers).isEmpty());
        QVERIFY(!form->hasErrors());
        QVERIFY(!form->findChild<QLabel *>(QStringLiteral("bootstrapServersProblem"))->isVisible());

        typeInto(bootstrap, QStringLiteral("a:9092 b:9092"));
        QVERIFY2(form->problemText(ProfileField::BootstrapServers).contains(QStringLiteral("commas")),
                 qPrintable(form->problemText(ProfileField::BootstrapServers)));
        typeInto(bootstrap, QStringLiteral("a:99999"));
        QVERIFY(form->hasErrors());
        typeInto(bootstrap, QStringLiteral("kafka-staging:9092"));
        QVERIFY(!form->isModified()); // back to what was loaded

        auto *name = field<QLineEdit>(form.get(), ProfileField::Name);
        typeInto(name, QString());
        QVERIFY(!form->problemText(ProfileField::Name).isEmpty());
        QVERIFY(form->isModified());
        QVERIFY(form->focusFirstError());
        QCOMPARE(form->focusWidget(), name);
    }

    void scramNeedsItsPassword()
    {
        std::unique_ptr<ProfileForm> form(makeForm());
        choose(form->findChild<QComboBox *>(QStringLiteral("securityProtocol")), int(SecurityProtocol::SaslSsl));
        choose(form->findChild<QComboBox *>(QStringLiteral("saslMechanism")), int(SaslMechanism::ScramSha512));
        QCOMPARE(form->profile().saslMechanism, SaslMechanism::ScramSha512);
        QVERIFY(!form->problemText(ProfileField::SaslUsername).isEmpty());
        QVERIFY2(form->problemText(ProfileField::SaslPassword).contains(QStringLiteral("password")),
                 qPrintable(form->problemText(ProfileField::SaslPassword)));

        typeInto(field<QLineEdit>(form.get(), ProfileField::SaslUsername), QStringLiteral("svc-offsets"));
        QVERIFY(form->problemText(ProfileField::SaslUsername).isEmpty());
        QVERIFY(!form->problemText(ProfileField::SaslPassword).isEmpty());
        auto *password = field<QLineEdit>(form.get(), ProfileField::SaslPassword);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        typeInto(password, QStringLiteral("pw"));
        QVERIFY(form->problemText(ProfileField::SaslPassword).isEmpty());
        QCOMPARE(form->profile().secrets.saslPassword, QStringLiteral("pw"));

        // Asked each time: an empty password is what the user chose.
        typeInto(password, QString());
        QVERIFY(!form->problemText(ProfileField::SaslPassword).isEmpty());
        choose(form->findChild<QComboBox *>(QStringLiteral("secretStorage")), int(SecretStorage::AskEachTime));
        QVERIFY(form->problemText(ProfileField::SaslPassword).isEmpty());
        QVERIFY(!form->hasErrors());

        // While the stored password is being read, it is neither editable nor reported missing.
        choose(form->findChild<QComboBox *>(QStringLiteral("secretStorage")), int(SecretStorage::Keychain));
        QVERIFY(!form->problemText(ProfileField::SaslPassword).isEmpty());
        form->setSecretsPending(true);
        QVERIFY(!password->isEnabled());
        QVERIFY(form->problemText(ProfileField::SaslPassword).isEmpty());
        ProfileSecrets stored;
        stored.saslPassword = QStringLiteral("from-keychain");
        form->setSecretsPending(false);
        const bool modifiedBefore = form->isModified();
        form->setSecrets(stored);
        QVERIFY(password->isEnabled());
        QCOMPARE(password->text(), QStringLiteral("from-keychain"));
        QVERIFY(form->problemText(ProfileField::SaslPassword).isEmpty());
        QCOMPARE(form->isModified(), modifiedBefore); // what is stored is not an edit
    }

    void pemFilesAreChecked()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::unique_ptr<ProfileForm> form(makeForm());
        choose(form->findChild<QComboBox *>(QStringLiteral("securityProtocol")), int(SecurityProtocol::Ssl));
        auto *ca = field<QLineEdit>(form.get(), ProfileField::SslCaFile);
        QVERIFY(form->isFieldShown(ProfileField::SslCaFile));

        const QString caPath = dir.filePath(QStringLiteral("ca.pem"));
        typeInto(ca, caPath);
        QVERIFY2(form->problemText(ProfileField::SslCaFile).contains(QStringLiteral("There is no file")),
                 qPrintable(form->problemText(ProfileField::SslCaFile)));

        QVERIFY(writeFile(caPath, "just some text\n"));
        // What the form read a moment ago is cached; another spelling of the path is read afresh.
        typeInto(ca, dir.path() + QStringLiteral("/./ca.pem"));
        QVERIFY2(form->problemText(ProfileField::SslCaFile).contains(QStringLiteral("not a PEM file")),
                 qPrintable(form->problemText(ProfileField::SslCaFile)));

        const QString goodPath = dir.filePath(QStringLiteral("good-ca.pem"));
        QVERIFY(writeFile(goodPath, kCertificate));
        typeInto(ca, goodPath);
        QVERIFY(form->problemText(ProfileField::SslCaFile).isEmpty());

        // A JKS store: the message carries the commands that convert it, ready to copy.
        const QString jksPath = dir.filePath(QStringLiteral("truststore.jks"));
        QVERIFY(writeFile(jksPath, QByteArray::fromHex("feedfeed00000002") + QByteArray(64, '\1')));
        typeInto(ca, jksPath);
        const QString jks = form->problemText(ProfileField::SslCaFile);
        QVERIFY2(jks.contains(QStringLiteral("keytool")), qPrintable(jks));
        QVERIFY(form->findChild<QLabel *>(QStringLiteral("sslCaFileProblem"))->textInteractionFlags() &
                Qt::TextSelectableByMouse);
        typeInto(ca, goodPath);

        // A key without its certificate: the mark goes where the missing file belongs.
        typeInto(field<QLineEdit>(form.get(), ProfileField::SslKeyFile), goodPath);
        QVERIFY(!form->problemText(ProfileField::SslCertificateFile).isEmpty());
        QVERIFY2(form->problemText(ProfileField::SslKeyFile).contains(QStringLiteral("not a private key")),
                 qPrintable(form->problemText(ProfileField::SslKeyFile)));
        QVERIFY(form->problemText(ProfileField::SslCaFile).isEmpty());
    }

    void fileReadsAreCountedNotRepeatedPerKey()
    {
        std::unique_ptr<ProfileForm> form(makeForm());
        int reads = 0;
        form->setFileProbe([&reads](const QString &path) {
            ++reads;
            return probeFile(path);
        });
        choose(form->findChild<QComboBox *>(QStringLiteral("securityProtocol")), int(SecurityProtocol::Ssl));
        typeInto(field<QLineEdit>(form.get(), ProfileField::SslCaFile), QStringLiteral("/nonexistent/ca.pem"));
        QVERIFY(reads > 0); // the injected probe is the one asked
        QVERIFY(!form->problemText(ProfileField::SslCaFile).isEmpty());
    }

    void mechanismSwitchShowsOnlyWhatApplies()
    {
        std::unique_ptr<ProfileForm> form(makeForm());
        auto *protocol = form->findChild<QComboBox *>(QStringLiteral("securityProtocol"));
        auto *mechanism = form->findChild<QComboBox *>(QStringLiteral("saslMechanism"));
        const auto shown = [&](std::initializer_list<ProfileField> fields) {
            for (ProfileField f : fields) {
                if (!form->isFieldShown(f))
                    return false;
            }
            return true;
        };
        const auto hidden = [&](std::initializer_list<ProfileField> fields) {
            for (ProfileField f : fields) {
                if (form->isFieldShown(f))
                    return false;
            }
            return true;
        };

        QVERIFY(hidden({ProfileField::SaslMechanism, ProfileField::SaslUsername, ProfileField::SaslPassword,
                        ProfileField::SslCaFile, ProfileField::OAuthClientId, ProfileField::KerberosKeytab}));
        QVERIFY(!mechanism->isVisible());

        choose(protocol, int(SecurityProtocol::SaslSsl));
        QVERIFY(shown({ProfileField::SaslMechanism, ProfileField::SaslUsername, ProfileField::SaslPassword,
                       ProfileField::SslCaFile, ProfileField::SslKeyPassword}));
        QVERIFY(hidden({ProfileField::OAuthClientId, ProfileField::KerberosKeytab}));

        choose(mechanism, int(SaslMechanism::OAuthBearer));
        QVERIFY(
            shown({ProfileField::OAuthClientId, ProfileField::OAuthClientSecret, ProfileField::OAuthTokenEndpoint}));
        QVERIFY(hidden({ProfileField::SaslUsername, ProfileField::SaslPassword, ProfileField::KerberosKeytab}));
        QVERIFY(!form->problemText(ProfileField::OAuthTokenEndpoint).isEmpty());
        QVERIFY(form->problemText(ProfileField::SaslPassword).isEmpty()); // not asked of OAuth

        choose(mechanism, int(SaslMechanism::Gssapi));
        QVERIFY(shown({ProfileField::KerberosPrincipal, ProfileField::KerberosKeytab}));
        QVERIFY(hidden({ProfileField::OAuthClientId, ProfileField::SaslUsername}));

        choose(protocol, int(SecurityProtocol::SaslPlaintext));
        QVERIFY(hidden({ProfileField::SslCaFile}));
        QVERIFY(shown({ProfileField::KerberosKeytab}));

        choose(protocol, int(SecurityProtocol::Plaintext));
        QVERIFY(hidden({ProfileField::SaslMechanism, ProfileField::KerberosKeytab, ProfileField::SslCaFile,
                        ProfileField::SecretsFile}));

        // The plain-text secrets file: its row and the warning that names it appear with that choice only.
        choose(protocol, int(SecurityProtocol::SaslSsl));
        choose(mechanism, int(SaslMechanism::Plain));
        auto *storage = form->findChild<QComboBox *>(QStringLiteral("secretStorage"));
        QVERIFY(storage->isVisible());
        QVERIFY(!form->isFieldShown(ProfileField::SecretsFile));
        choose(storage, int(SecretStorage::PlainTextFile));
        QVERIFY(form->isFieldShown(ProfileField::SecretsFile));
        QVERIFY(!form->problemText(ProfileField::SecretsFile).isEmpty());
        typeInto(field<QLineEdit>(form.get(), ProfileField::SecretsFile), QStringLiteral("/tmp/offsetlens-secrets"));
        auto *warning = form->findChild<QLabel *>(QStringLiteral("secretsFileWarning"));
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("/tmp/offsetlens-secrets")));
        QVERIFY(warning->text().contains(QStringLiteral("unencrypted")));
        QCOMPARE(form->profile().secretStorage, SecretStorage::PlainTextFile);
        QCOMPARE(form->profile().secretsFile, QStringLiteral("/tmp/offsetlens-secrets"));
    }

    void colourFlagsAndProperties()
    {
        std::unique_ptr<ProfileForm> form(makeForm());
        auto *colour = form->findChild<ColourTagButton *>(QStringLiteral("colourTag"));
        QVERIFY(colour && colour->menu());
        QAction *red = nullptr;
        for (QAction *a : colour->menu()->actions()) {
            if (a->text() == QStringLiteral("Red"))
                red = a;
        }
        QVERIFY(red);
        red->trigger();
        QCOMPARE(form->profile().colour, QStringLiteral("#d03030"));
        QCOMPARE(colour->text(), QStringLiteral("Red"));
        QVERIFY(form->isModified());

        form->findChild<QCheckBox *>(QStringLiteral("production"))->click();
        form->findChild<QCheckBox *>(QStringLiteral("readOnly"))->click();
        QVERIFY(form->profile().production && form->profile().readOnly);

        auto *properties = form->findChild<QPlainTextEdit *>(QStringLiteral("clientProperties"));
        properties->setPlainText(QStringLiteral("client.id=lens\noops\nsasl.jaas.config=secret stuff"));
        QVERIFY2(form->problemText(ProfileField::ClientProperties).contains(QStringLiteral("Line 2")),
                 qPrintable(form->problemText(ProfileField::ClientProperties)));
        const ConnectionProfile p = form->profile();
        QCOMPARE(p.clientProperties.value(QStringLiteral("client.id")), QStringLiteral("lens"));
        // A secret typed among the properties goes with the secrets, never into the settings.
        QVERIFY(!p.clientProperties.contains(QStringLiteral("sasl.jaas.config")));
        QCOMPARE(p.secrets.secretProperties.value(QStringLiteral("sasl.jaas.config")), QStringLiteral("secret stuff"));
    }

    void demoIsShownButNotEditable()
    {
        std::unique_ptr<ProfileForm> form(makeForm());
        ConnectionProfile demo;
        demo.id = QStringLiteral("demo");
        demo.name = QStringLiteral("Demo cluster");
        demo.isDemo = true;
        form->setProfile(demo);
        QVERIFY(!form->isEditable());
        auto *name = field<QLineEdit>(form.get(), ProfileField::Name);
        QVERIFY(name->isReadOnly());
        QVERIFY(!form->findChild<QComboBox *>(QStringLiteral("securityProtocol"))->isEnabled());
        QVERIFY(form->findChild<QLabel *>(QStringLiteral("formNotice"))->isVisible());
        QTest::keyClicks(name, QStringLiteral("x"));
        QCOMPARE(form->profile(), demo);
        QVERIFY(!form->isModified());
        QVERIFY(!form->hasErrors()); // its servers are only known once it runs
    }
};

QTEST_MAIN(TestProfileForm)
#include "tst_profileform.moc"
