// "Test connection" end to end: the mock cluster, a refused port, a port that accepts and never answers, invalid
// bootstrap lists, and TLS handshakes against openssl s_server on loopback with certificates made here.
#include "background.h"
#include "clienthandle.h"
#include "connectionprobe.h"
#include "connectiontester.h"
#include "mockcluster.h"
#include "silentlistener.h"
#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace OffsetLens;
using namespace std::chrono_literals;
using OffsetLens::Test::MockCluster;
using OffsetLens::Test::SilentListener;
using Kind = ProbeStep::Kind;
using Status = ProbeStep::Status;

namespace {

// A loopback port nothing listens on (bound once by us, then released).
quint16 closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

ProbeOptions quickOptions()
{
    ProbeOptions options;
    options.resolveTimeout = 2000ms;
    options.connectTimeout = 1000ms;
    options.handshakeTimeout = 3000ms;
    options.operationTimeout = 3000ms;
    return options;
}

ConnectionProfile profileFor(const QString &bootstrap)
{
    ConnectionProfile profile;
    profile.id = QStringLiteral("probe");
    profile.name = QStringLiteral("probe");
    profile.bootstrapServers = bootstrap;
    profile.requestTimeoutMs = 3000;
    return profile;
}

QString describe(const ProbeReport &report)
{
    QStringList lines{QStringLiteral("%1: %2").arg(verdictKey(report.verdict), report.summary)};
    for (const ProbeStep &s : report.steps)
        lines.append(QStringLiteral("  %1 %2 [%3] %4")
                         .arg(kindKey(s.kind), statusKey(s.status), categoryKey(s.category), s.message));
    return lines.join(QLatin1Char('\n'));
}

// Throwaway certificates, made with the openssl binary: two unrelated CAs, and server certificates signed by the
// first for 127.0.0.1 (valid, and expired) and for another name.
class TestPki
{
public:
    bool make(QString *error)
    {
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (m_openssl.isEmpty()) {
            *error = QStringLiteral("no openssl binary");
            return false;
        }
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                             QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
        const auto ca = [&](const QString &name, const QString &cn) {
            return run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec +
                           QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                                       name + QStringLiteral(".pem"), QStringLiteral("-days"), QStringLiteral("2"),
                                       QStringLiteral("-subj"), QStringLiteral("/CN=") + cn},
                       error);
        };
        const auto request = [&](const QString &name, const QString &cn) {
            return run(QStringList{QStringLiteral("req")} + ec +
                           QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                                       name + QStringLiteral(".csr"), QStringLiteral("-subj"),
                                       QStringLiteral("/CN=") + cn},
                       error);
        };
        const auto sign = [&](const QString &csr, const QString &out, const QString &days, const QString &ext) {
            return run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                        csr + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca1.pem"),
                        QStringLiteral("-CAkey"), QStringLiteral("ca1.key"), QStringLiteral("-CAcreateserial"),
                        QStringLiteral("-out"), out + QStringLiteral(".pem"), QStringLiteral("-days"), days,
                        QStringLiteral("-extfile"), ext},
                       error);
        };
        return write(QStringLiteral("local.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n", error) &&
               write(QStringLiteral("other.ext"), "subjectAltName=DNS:other.example\n", error) &&
               ca(QStringLiteral("ca1"), QStringLiteral("Probe Test CA 1")) &&
               ca(QStringLiteral("ca2"), QStringLiteral("Probe Test CA 2")) &&
               request(QStringLiteral("local"), QStringLiteral("localhost")) &&
               request(QStringLiteral("other"), QStringLiteral("other.example")) &&
               sign(QStringLiteral("local"), QStringLiteral("local"), QStringLiteral("2"),
                    QStringLiteral("local.ext")) &&
               sign(QStringLiteral("other"), QStringLiteral("other"), QStringLiteral("2"),
                    QStringLiteral("other.ext")) &&
               // notAfter a day before notBefore: expired from the start.
               sign(QStringLiteral("local"), QStringLiteral("expired"), QStringLiteral("-1"),
                    QStringLiteral("local.ext"));
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    const QString &openssl() const { return m_openssl; }

private:
    bool write(const QString &name, const QByteArray &content, QString *error)
    {
        QFile file(path(name));
        if (file.open(QIODevice::WriteOnly) && file.write(content) == content.size())
            return true;
        *error = file.errorString();
        return false;
    }
    bool run(const QStringList &args, QString *error)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_openssl, args);
        if (!process.waitForFinished(15000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0) {
            process.kill();
            *error = QStringLiteral("openssl %1: %2")
                         .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAll()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    QString m_openssl;
};

// openssl s_server on a loopback port with one of the certificates above.
class TlsServer
{
public:
    ~TlsServer()
    {
        m_process.kill();
        m_process.waitForFinished(3000);
    }

    bool start(const TestPki &pki, const QString &certificate, const QString &key, QString *error)
    {
        m_port = closedPort();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(pki.openssl(), {QStringLiteral("s_server"), QStringLiteral("-accept"),
                                        QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("-cert"),
                                        pki.path(certificate), QStringLiteral("-key"), pki.path(key)});
        QByteArray output;
        QElapsedTimer waited;
        waited.start();
        // It says ACCEPT once it listens.
        while (!output.contains("ACCEPT") && waited.elapsed() < 5000) {
            if (m_process.state() == QProcess::NotRunning)
                break;
            m_process.waitForReadyRead(100);
            output += m_process.readAll();
        }
        if (!output.contains("ACCEPT")) {
            *error = QStringLiteral("openssl s_server did not start: %1").arg(QString::fromLocal8Bit(output));
            return false;
        }
        return true;
    }
    QString bootstrapServers() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace

class TestConnectionProbe : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;
    std::unique_ptr<TestPki> m_pki;
    QString m_pkiError;

    ConnectionProfile tlsProfile(const QString &bootstrap, const QString &caFile) const
    {
        // The profile's own TLS fields, as the profile editor sets them (createClient maps them with
        // toClientConfig).
        ConnectionProfile profile = profileFor(bootstrap);
        profile.securityProtocol = SecurityProtocol::Ssl;
        profile.sslCaFile = m_pki->path(caFile);
        return profile;
    }

    // Probes a profile against s_server serving `certificate`; skips without openssl.
    bool probeTls(const QString &certificate, const QString &key, const QString &caFile, ProbeReport *report,
                  qint64 *elapsedMs)
    {
        TlsServer server;
        QString error;
        if (!server.start(*m_pki, certificate, key, &error)) {
            qWarning() << error;
            return false;
        }
        const std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        *report = probeConnection(tlsProfile(server.bootstrapServers(), caFile), quickOptions(), cancelled);
        *elapsedMs = timer.elapsed();
        qInfo().noquote() << describe(*report) << "\n  raw:" << report->step(Kind::Handshake)->details;
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(QStringLiteral("orders"), 3));
        QVERIFY(m_mock->produce(QStringLiteral("orders"), 0, 5));
        QString error;
        QVERIFY2(m_mock->commit(QStringLiteral("billing"), {{QStringLiteral("orders"), 0, 2, QString()}}, &error),
                 qPrintable(error));
        m_pki = std::make_unique<TestPki>();
        if (!m_pki->make(&m_pkiError))
            m_pki.reset();
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        QVERIFY(Background::waitForIdle(20s));
    }

    void succeedsAgainstTheMockCluster()
    {
        ConnectionProfile profile = m_mock->profile();
        profile.pinnedGroups = {QStringLiteral("billing")}; // the mock cannot list groups
        const std::atomic_bool cancelled{false};
        QList<ProbeStep> reported;
        QElapsedTimer timer;
        timer.start();
        const ProbeReport report =
            probeConnection(profile, quickOptions(), cancelled, [&](const ProbeStep &s) { reported.append(s); });
        qInfo().noquote() << describe(report) << "in" << timer.elapsed() << "ms";
        QCOMPARE(report.verdict, ProbeReport::Verdict::Connected);
        QCOMPARE(report.steps.size(), 8);
        QCOMPARE(reported, report.steps); // each step was reported as it finished, in order
        for (int k = 0; k < report.steps.size(); ++k)
            QCOMPARE(report.steps.at(k).kind, Kind(k));
        for (const Kind kind : {Kind::Bootstrap, Kind::Resolve, Kind::Connect, Kind::Handshake, Kind::DescribeCluster,
                                Kind::ListOffsets, Kind::CommittedOffsets})
            QVERIFY2(report.step(kind)->status == Status::Ok, qPrintable(describe(report)));
        QVERIFY(report.step(Kind::Handshake)->message.contains(QLatin1String("answered as Kafka: cluster ")));
        QVERIFY(report.step(Kind::DescribeCluster)->message.startsWith(QLatin1String("3 broker(s), ")));
        QCOMPARE(report.step(Kind::ListOffsets)->message, QStringLiteral("orders [0]: log start 0, high watermark 5"));
        QVERIFY(report.step(Kind::CommittedOffsets)->message.startsWith(QLatin1String("group billing: ")));
        // The mock cluster has no ListGroups: a warning, not a failure.
        QCOMPARE(report.step(Kind::ListGroups)->status, Status::Warning);
        QCOMPARE(report.step(Kind::ListGroups)->category, DiagnosisCategory::Unsupported);
        QCOMPARE(report.summary, report.step(Kind::Handshake)->message);
        QVERIFY(timer.elapsed() < 5000);
    }

    void refusedPortsAreReportedWithinASecond()
    {
        const quint16 other = closedPort();
        const ConnectionProfile profile = profileFor(QStringLiteral("127.0.0.1:1,127.0.0.1:%1").arg(other));
        const std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        const ProbeReport report = probeConnection(profile, quickOptions(), cancelled);
        const qint64 elapsed = timer.elapsed();
        qInfo().noquote() << describe(report) << "in" << elapsed << "ms";
        QVERIFY2(elapsed < 1500, qPrintable(QString::number(elapsed)));
        QCOMPARE(report.verdict, ProbeReport::Verdict::NotConnected);
        const ProbeStep *connect = report.step(Kind::Connect);
        QCOMPARE(connect->status, Status::Failed);
        QCOMPARE(connect->category, DiagnosisCategory::ConnectionRefused);
        const QString expected = QStringLiteral("connection refused: nothing listens on 127.0.0.1:1; connection "
                                                "refused: nothing listens on 127.0.0.1:%1")
                                     .arg(other);
        QCOMPARE(connect->message, expected);
        QCOMPARE(report.summary, expected);
        QCOMPARE(report.category, DiagnosisCategory::ConnectionRefused);
        for (const Kind kind : {Kind::Handshake, Kind::DescribeCluster, Kind::ListGroups, Kind::CommittedOffsets})
            QCOMPARE(report.step(kind)->status, Status::Skipped);
    }

    void oneGoodBootstrapServerIsEnough()
    {
        const QString servers = QStringLiteral("127.0.0.1:1,") + m_mock->bootstrapServers();
        const std::atomic_bool cancelled{false};
        const ProbeReport report = probeConnection(profileFor(servers), quickOptions(), cancelled);
        qInfo().noquote() << describe(report);
        QCOMPARE(report.verdict, ProbeReport::Verdict::Connected);
        const ProbeStep *connect = report.step(Kind::Connect);
        QCOMPARE(connect->status, Status::Warning);
        QCOMPARE(connect->message, QStringLiteral("connection refused: nothing listens on 127.0.0.1:1"));
        QCOMPARE(report.step(Kind::Handshake)->status, Status::Ok);
    }

    void silentPortIsNotKafka()
    {
        SilentListener silent;
        QVERIFY(silent.isValid());
        const std::atomic_bool cancelled{false};
        const ProbeOptions options = quickOptions();
        QElapsedTimer timer;
        timer.start();
        const ProbeReport report = probeConnection(profileFor(silent.bootstrapServers()), options, cancelled);
        const qint64 elapsed = timer.elapsed();
        qInfo().noquote() << describe(report) << "in" << elapsed << "ms";
        QVERIFY2(elapsed < options.handshakeTimeout.count() + 1000, qPrintable(QString::number(elapsed)));
        QCOMPARE(report.step(Kind::Connect)->status, Status::Ok);
        const ProbeStep *handshake = report.step(Kind::Handshake);
        QCOMPARE(handshake->status, Status::Failed);
        QCOMPARE(handshake->category, DiagnosisCategory::NotKafka);
        QCOMPARE(handshake->message, QStringLiteral("%1 accepted the connection but did not answer as Kafka: wrong "
                                                    "port, or the broker expects TLS")
                                         .arg(silent.bootstrapServers()));
        QCOMPARE(report.verdict, ProbeReport::Verdict::NotConnected);
        QCOMPARE(report.step(Kind::DescribeCluster)->status, Status::Skipped);
    }

    void invalidBootstrapNeedsNoNetwork_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << QStringLiteral("no bootstrap servers given");
        QTest::newRow("no port") << QStringLiteral("kafka.example.com") << QStringLiteral("no port");
        QTest::newRow("bad port") << QStringLiteral("kafka.example.com:99999") << QStringLiteral("is not a port");
        QTest::newRow("empty entry") << QStringLiteral("kafka.example.com:9092,,b:1") << QStringLiteral("is empty");
        QTest::newRow("unbracketed ipv6") << QStringLiteral("fe80::1:9092") << QStringLiteral("needs brackets");
    }
    void invalidBootstrapNeedsNoNetwork()
    {
        QFETCH(QString, servers);
        QFETCH(QString, message);
        const std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        const ProbeReport report = probeConnection(profileFor(servers), quickOptions(), cancelled);
        // Nothing was looked up or connected to: that would take longer than this, and report more.
        QVERIFY2(timer.elapsed() < 100, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(report.steps.size(), 8);
        QCOMPARE(report.verdict, ProbeReport::Verdict::NotConnected);
        QCOMPARE(report.category, DiagnosisCategory::InvalidBootstrap);
        const ProbeStep *bootstrap = report.step(Kind::Bootstrap);
        QCOMPARE(bootstrap->status, Status::Failed);
        QVERIFY2(bootstrap->message.contains(message), qPrintable(bootstrap->message));
        QCOMPARE(report.summary, bootstrap->message);
        for (int k = int(Kind::Resolve); k <= int(Kind::CommittedOffsets); ++k) {
            QCOMPARE(report.step(Kind(k))->status, Status::Skipped);
            QCOMPARE(report.step(Kind(k))->elapsedMs, qint64(0));
        }
    }

    void unresolvableHostIsNamed()
    {
        const std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        const ProbeReport report =
            probeConnection(profileFor(QStringLiteral("nosuch.invalid:9092")), quickOptions(), cancelled);
        qInfo().noquote() << describe(report) << "in" << timer.elapsed() << "ms";
        QVERIFY(timer.elapsed() < quickOptions().resolveTimeout.count() + 1000);
        const ProbeStep *resolve = report.step(Kind::Resolve);
        QCOMPARE(resolve->status, Status::Failed);
        QCOMPARE(resolve->category, DiagnosisCategory::NameResolution);
        QVERIFY2(resolve->message.startsWith(QLatin1String("cannot resolve host nosuch.invalid")),
                 qPrintable(resolve->message));
        QCOMPARE(report.step(Kind::Connect)->status, Status::Skipped);
    }

    void untrustedCertificateNamesTheCaFile()
    {
        if (!m_pki)
            QSKIP(qPrintable(m_pkiError));
        ProbeReport report;
        qint64 elapsed = 0;
        QVERIFY(probeTls(QStringLiteral("local.pem"), QStringLiteral("local.key"), QStringLiteral("ca2.pem"), &report,
                         &elapsed));
        const ProbeStep *handshake = report.step(Kind::Handshake);
        QCOMPARE(handshake->status, Status::Failed);
        QCOMPARE(handshake->category, DiagnosisCategory::TlsUntrustedCertificate);
        QCOMPARE(handshake->message, QStringLiteral("TLS: the certificate of %1 (CN=localhost, issued by CN=Probe "
                                                    "Test CA 1) is not signed by a CA this profile trusts (CA file %2)")
                                         .arg(report.bootstrapServers, m_pki->path(QStringLiteral("ca2.pem"))));
        QVERIFY(handshake->details.contains(QLatin1String("certificate verify failed")));
        // Decided as soon as the handshake failed, not at the end of the time limit.
        QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    }

    void hostnameMismatchIsNamed()
    {
        if (!m_pki)
            QSKIP(qPrintable(m_pkiError));
        ProbeReport report;
        qint64 elapsed = 0;
        QVERIFY(probeTls(QStringLiteral("other.pem"), QStringLiteral("other.key"), QStringLiteral("ca1.pem"), &report,
                         &elapsed));
        const ProbeStep *handshake = report.step(Kind::Handshake);
        QCOMPARE(handshake->category, DiagnosisCategory::TlsHostnameMismatch);
        QVERIFY2(handshake->message.contains(QLatin1String("(CN=other.example, issued by CN=Probe Test CA 1) is not "
                                                           "issued for 127.0.0.1 (hostname mismatch)")),
                 qPrintable(handshake->message));
    }

    // Hostname verification off (the profile's switch): the same certificate passes, and what fails next is that
    // s_server does not speak Kafka.
    void hostnameVerificationCanBeTurnedOff()
    {
        if (!m_pki)
            QSKIP(qPrintable(m_pkiError));
        TlsServer server;
        QString error;
        QVERIFY2(server.start(*m_pki, QStringLiteral("other.pem"), QStringLiteral("other.key"), &error),
                 qPrintable(error));
        ConnectionProfile profile = tlsProfile(server.bootstrapServers(), QStringLiteral("ca1.pem"));
        profile.sslVerifyHostname = false;
        const std::atomic_bool cancelled{false};
        const ProbeReport report = probeConnection(profile, quickOptions(), cancelled);
        qInfo().noquote() << describe(report);
        const ProbeStep *handshake = report.step(Kind::Handshake);
        QCOMPARE(handshake->status, Status::Failed);
        QVERIFY2(handshake->category != DiagnosisCategory::TlsHostnameMismatch &&
                     handshake->category != DiagnosisCategory::TlsUntrustedCertificate,
                 qPrintable(handshake->message));
    }

    // OAUTHBEARER with OIDC needs a librdkafka built with it; Debian's 2.0.2 is not, and the profile is told so in
    // words before librdkafka refuses its properties one by one.
    void oidcWithoutSupportInThisBuildIsSaid()
    {
        ConnectionProfile profile = profileFor(m_mock->bootstrapServers());
        profile.securityProtocol = SecurityProtocol::SaslPlaintext;
        profile.saslMechanism = SaslMechanism::OAuthBearer;
        profile.oauthClientId = QStringLiteral("offsetlens");
        profile.oauthTokenEndpoint = QStringLiteral("https://idp.example/token");
        profile.secrets.oauthClientSecret = QStringLiteral("planted-secret-42");
        QString error;
        ClientPtr client = createClient(RD_KAFKA_PRODUCER, profile, {}, nullptr, &error);
        if (client)
            QSKIP("this librdkafka has OIDC support");
        QVERIFY2(error.contains(QLatin1String("built without OIDC support")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("planted-secret-42")));
    }

    void expiredCertificateIsNamed()
    {
        if (!m_pki)
            QSKIP(qPrintable(m_pkiError));
        ProbeReport report;
        qint64 elapsed = 0;
        QVERIFY(probeTls(QStringLiteral("expired.pem"), QStringLiteral("local.key"), QStringLiteral("ca1.pem"), &report,
                         &elapsed));
        QCOMPARE(report.step(Kind::Handshake)->category, DiagnosisCategory::TlsCertificateExpired);
        QVERIFY(report.step(Kind::Handshake)->message.endsWith(QLatin1String(" has expired")));
    }

    void plaintextToATlsListener()
    {
        if (!m_pki)
            QSKIP(qPrintable(m_pkiError));
        TlsServer server;
        QString error;
        QVERIFY2(server.start(*m_pki, QStringLiteral("local.pem"), QStringLiteral("local.key"), &error),
                 qPrintable(error));
        const std::atomic_bool cancelled{false};
        const ProbeReport report = probeConnection(profileFor(server.bootstrapServers()), quickOptions(), cancelled);
        qInfo().noquote() << describe(report);
        QCOMPARE(report.step(Kind::Handshake)->category, DiagnosisCategory::TlsExpected);
    }

    void missingCaFileIsNamedBeforeConnecting()
    {
        ConnectionProfile profile = profileFor(m_mock->bootstrapServers());
        profile.clientProperties.insert(QStringLiteral("security.protocol"), QStringLiteral("ssl"));
        profile.clientProperties.insert(QStringLiteral("ssl.ca.location"), QStringLiteral("/nonexistent/ca.pem"));
        const std::atomic_bool cancelled{false};
        const ProbeReport report = probeConnection(profile, quickOptions(), cancelled);
        const ProbeStep *handshake = report.step(Kind::Handshake);
        QCOMPARE(handshake->category, DiagnosisCategory::InvalidConfiguration);
        QCOMPARE(handshake->message,
                 QStringLiteral("the CA file /nonexistent/ca.pem does not exist (ssl.ca.location)"));
    }

    void refusedOperationsAreNamed()
    {
        ConnectionProfile profile = m_mock->profile();
        profile.pinnedGroups = {QStringLiteral("billing")};
        // ListOffsets (2) for both ends of the partition, OffsetFetch (9) for the group.
        m_mock->pushRequestErrors(
            2, {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED});
        m_mock->pushRequestErrors(9, {RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED});
        const std::atomic_bool cancelled{false};
        const ProbeReport report = probeConnection(profile, quickOptions(), cancelled);
        m_mock->clearRequestErrors(2);
        m_mock->clearRequestErrors(9);
        qInfo().noquote() << describe(report);
        QCOMPARE(report.verdict, ProbeReport::Verdict::ConnectedWithProblems);
        const ProbeStep *offsets = report.step(Kind::ListOffsets);
        QCOMPARE(offsets->status, Status::Failed);
        QCOMPARE(offsets->category, DiagnosisCategory::AuthorizationDenied);
        QCOMPARE(offsets->message, QStringLiteral("authorization denied: not allowed to read the log offsets of topic "
                                                  "orders (TOPIC_AUTHORIZATION_FAILED; needs Describe on the topic)"));
        const ProbeStep *committed = report.step(Kind::CommittedOffsets);
        QCOMPARE(committed->status, Status::Failed);
        QCOMPARE(committed->message, QStringLiteral("authorization denied: not allowed to read the committed offsets "
                                                    "of group billing (GROUP_AUTHORIZATION_FAILED; needs Describe on "
                                                    "the group)"));
        QCOMPARE(report.summary, QStringLiteral("connected, but: ") + offsets->message);
        QCOMPARE(report.category, DiagnosisCategory::AuthorizationDenied);
    }

    void cancelStopsPromptly()
    {
        SilentListener silent;
        std::atomic_bool cancelled{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(300ms);
            cancelled = true;
        });
        QElapsedTimer timer;
        timer.start();
        const ProbeReport report = probeConnection(profileFor(silent.bootstrapServers()), quickOptions(), cancelled);
        canceller.join();
        QVERIFY2(timer.elapsed() < 800, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(report.verdict, ProbeReport::Verdict::Cancelled);
        QCOMPARE(report.steps.size(), 8);
        QCOMPARE(report.step(Kind::Handshake)->status, Status::Skipped);
    }

    // The ordinary refresh (GUI and `offsetlens describe`) fails as fast, and in the probe's words.
    void refreshFailsFastOnRefusedPorts()
    {
        const QString servers = QStringLiteral("127.0.0.1:1,127.0.0.1:%1").arg(closedPort());
        ConnectionProfile profile = profileFor(servers);
        profile.requestTimeoutMs = 10000;
        SnapshotFetcher fetcher(profile);
        const std::atomic_bool cancelled{false};
        bool ok = true;
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot snapshot = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        const qint64 elapsed = timer.elapsed();
        qInfo() << "refresh of refused ports failed after" << elapsed << "ms:" << snapshot.errors;
        QVERIFY(!ok);
        QVERIFY2(elapsed < 1000, qPrintable(QString::number(elapsed)));
        const ProbeReport report = probeConnection(profile, quickOptions(), cancelled);
        QCOMPARE(snapshot.errors,
                 QStringList{QStringLiteral("Could not reach any broker at %1: %2").arg(servers, report.summary)});
    }

    void refreshCallsASilentPortWhatItIs()
    {
        SilentListener silent;
        ConnectionProfile profile = profileFor(silent.bootstrapServers());
        profile.requestTimeoutMs = 2000;
        SnapshotFetcher fetcher(profile);
        const std::atomic_bool cancelled{false};
        bool ok = true;
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot snapshot = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        qInfo() << "refresh of a silent port failed after" << timer.elapsed() << "ms:" << snapshot.errors;
        QVERIFY(!ok);
        QVERIFY(timer.elapsed() < profile.requestTimeoutMs + 1500);
        const ProbeReport report = probeConnection(profile, quickOptions(), cancelled);
        QCOMPARE(snapshot.errors, QStringList{QStringLiteral("Could not reach any broker at %1 within 2 s: %2")
                                                  .arg(silent.bootstrapServers(), report.summary)});
        QVERIFY(!snapshot.errors.constFirst().contains(QLatin1String("Broker transport failure")));
    }

    // The GUI's way: nothing blocks its thread, steps arrive one by one, then the report.
    void testerRunsOffTheGuiThread()
    {
        SilentListener silent;
        ConnectionTester tester;
        QSignalSpy steps(&tester, &ConnectionTester::stepFinished);
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(20);
        QElapsedTimer timer;
        timer.start();
        ProbeOptions options = quickOptions();
        options.handshakeTimeout = 2500ms;
        tester.start(profileFor(silent.bootstrapServers()), options);
        QVERIFY2(timer.elapsed() < 50, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(tester.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!tester.isRunning());
        // The event loop kept turning while the probe waited for the silent port (a tick every 20 ms).
        QVERIFY2(ticks > elapsed / 20 / 2, qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(ticks).arg(elapsed)));
        QCOMPARE(steps.size(), 8);
        const auto report = finished.at(0).at(0).value<ProbeReport>();
        QCOMPARE(report.category, DiagnosisCategory::NotKafka);
        QCOMPARE(steps.at(3).at(0).value<ProbeStep>(), *report.step(Kind::Handshake));
    }

    void cancelledTesterStaysQuiet()
    {
        SilentListener silent;
        auto tester = std::make_unique<ConnectionTester>();
        QSignalSpy finished(tester.get(), &ConnectionTester::finished);
        tester->start(profileFor(silent.bootstrapServers()), quickOptions());
        QTest::qWait(200);
        tester->cancel();
        QVERIFY(!tester->isRunning());
        QTest::qWait(300);
        QCOMPARE(finished.size(), 0);
        // Destroying one that runs never waits for it.
        tester->start(profileFor(silent.bootstrapServers()), quickOptions());
        QElapsedTimer timer;
        timer.start();
        tester.reset();
        QVERIFY2(timer.elapsed() < 50, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProbe)
#include "tst_connectionprobe.moc"
