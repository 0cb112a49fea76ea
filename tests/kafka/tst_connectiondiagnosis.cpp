// The pure parts of "Test connection": reading bootstrap lists and classifying librdkafka's texts. The texts were
// produced by librdkafka 2.0.2 (refused and silent loopback ports, openssl s_server with untrusted, mismatched and
// expired certificates, the mock cluster, a scripted broker rejecting SASL credentials, whose reason text is its
// own), copied as the log and error callbacks delivered them. Rows marked "not produced here" follow librdkafka's
// source wording for cases this machine cannot stage.
#include "bootstrapaddress.h"
#include "connectiondiagnosis.h"
#include "connectionprofile.h"

#include <QtTest>

#include <librdkafka/rdkafka.h>

using namespace OffsetLens;

Q_DECLARE_METATYPE(OffsetLens::DiagnosisCategory)

class TestConnectionDiagnosis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesBootstrapLists_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::addColumn<QStringList>("hostPorts");
        QTest::newRow("one") << QStringLiteral("kafka-1:9092") << QStringList{QStringLiteral("kafka-1:9092")};
        QTest::newRow("several, blanks around commas")
            << QStringLiteral(" a:1 , b.example.com:9093,c_d:65535 ")
            << QStringList{QStringLiteral("a:1"), QStringLiteral("b.example.com:9093"), QStringLiteral("c_d:65535")};
        QTest::newRow("protocol prefix") << QStringLiteral("SSL://kafka:9093,sasl_plaintext://k2:9094")
                                         << QStringList{QStringLiteral("kafka:9093"), QStringLiteral("k2:9094")};
        QTest::newRow("ipv6") << QStringLiteral("[::1]:9092,[fe80::1%eth0]:9093")
                              << QStringList{QStringLiteral("[::1]:9092"), QStringLiteral("[fe80::1%eth0]:9093")};
        QTest::newRow("duplicates dropped")
            << QStringLiteral("a:1,A:1,a:2") << QStringList{QStringLiteral("a:1"), QStringLiteral("a:2")};
    }
    void parsesBootstrapLists()
    {
        QFETCH(QString, servers);
        QFETCH(QStringList, hostPorts);
        const BootstrapList list = parseBootstrapServers(servers);
        QVERIFY2(list.isValid(), qPrintable(list.error));
        QStringList got;
        for (const BootstrapEndpoint &e : list.endpoints)
            got.append(e.hostPort());
        QCOMPARE(got, hostPorts);
    }

    void rejectsBadBootstrapLists_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QString() << QStringLiteral("no bootstrap servers given");
        QTest::newRow("blank") << QStringLiteral("  ") << QStringLiteral("no bootstrap servers given");
        QTest::newRow("no port") << QStringLiteral("kafka") << QStringLiteral("'kafka': no port: expected HOST:PORT");
        QTest::newRow("empty port") << QStringLiteral("kafka:") << QStringLiteral("'kafka:': '' is not a port");
        QTest::newRow("port 0") << QStringLiteral("kafka:0") << QStringLiteral("'0' is not a port (1-65535)");
        QTest::newRow("port too big") << QStringLiteral("kafka:70000") << QStringLiteral("'70000' is not a port");
        QTest::newRow("port not a number") << QStringLiteral("kafka:abc") << QStringLiteral("'abc' is not a port");
        QTest::newRow("signed port") << QStringLiteral("kafka:+92") << QStringLiteral("'+92' is not a port");
        QTest::newRow("second entry named") << QStringLiteral("a:1,b") << QStringLiteral("entry 2 ('b'): no port");
        QTest::newRow("empty entry") << QStringLiteral("a:1,,b:2") << QStringLiteral("entry 2 of 'a:1,,b:2' is empty");
        QTest::newRow("trailing comma") << QStringLiteral("a:1,") << QStringLiteral("entry 2 of 'a:1,' is empty");
        QTest::newRow("no host") << QStringLiteral(":9092") << QStringLiteral("no host before the port");
        QTest::newRow("ipv6 without brackets")
            << QStringLiteral("::1:9092") << QStringLiteral("an IPv6 address needs brackets, e.g. [::1]:9092");
        QTest::newRow("unclosed bracket")
            << QStringLiteral("[::1:9092") << QStringLiteral("the IPv6 address lacks its closing ']'");
        QTest::newRow("unknown protocol")
            << QStringLiteral("http://kafka:80") << QStringLiteral("unknown protocol 'http' (expected PLAINTEXT");
        QTest::newRow("blank inside") << QStringLiteral("kafka 1:9092")
                                      << QStringLiteral("contains a blank; separate servers with commas");
        QTest::newRow("bad host") << QStringLiteral("kafka/1:9092")
                                  << QStringLiteral("'kafka/1' is not a valid host name");
    }
    void rejectsBadBootstrapLists()
    {
        QFETCH(QString, servers);
        QFETCH(QString, error);
        const BootstrapList list = parseBootstrapServers(servers);
        QVERIFY(!list.isValid());
        QVERIFY(list.endpoints.isEmpty());
        QVERIFY2(list.error.contains(error), qPrintable(list.error));
    }

    void classifiesLibrdkafkaTexts_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("usesTls");
        QTest::addColumn<OffsetLens::DiagnosisCategory>("category");
        QTest::addColumn<QString>("broker");
        QTest::addColumn<QString>("message"); // contained in the diagnosis' message

        // A refused port: the log line at once, the error callback when polled.
        QTest::newRow("refused, log") << 0
                                      << QStringLiteral("[thrd:127.0.0.1:1/bootstrap]: 127.0.0.1:1/bootstrap: Connect "
                                                        "to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in "
                                                        "state CONNECT)")
                                      << false << DiagnosisCategory::ConnectionRefused << QStringLiteral("127.0.0.1:1")
                                      << QStringLiteral("connection refused: nothing listens on 127.0.0.1:1");
        QTest::newRow("refused, error") << int(RD_KAFKA_RESP_ERR__TRANSPORT)
                                        << QStringLiteral("127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: "
                                                          "Connection refused (after 0ms in state CONNECT, 1 identical "
                                                          "error(s) suppressed)")
                                        << false << DiagnosisCategory::ConnectionRefused
                                        << QStringLiteral("127.0.0.1:1")
                                        << QStringLiteral("connection refused: nothing listens on 127.0.0.1:1");
        QTest::newRow("all brokers down")
            << int(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) << QStringLiteral("1/1 brokers are down") << false
            << DiagnosisCategory::Transport << QString()
            << QStringLiteral("the connection failed: 1/1 brokers are down");
        QTest::newRow("transport failure")
            << int(RD_KAFKA_RESP_ERR__TRANSPORT) << QStringLiteral("Local: Broker transport failure") << false
            << DiagnosisCategory::Transport << QString() << QStringLiteral("Broker transport failure");
        QTest::newRow("unresolvable") << int(RD_KAFKA_RESP_ERR__RESOLVE)
                                      << QStringLiteral("nosuch.invalid:9092/bootstrap: Failed to resolve "
                                                        "'nosuch.invalid:9092': Name or service not known (after 1ms "
                                                        "in state CONNECT)")
                                      << false << DiagnosisCategory::NameResolution
                                      << QStringLiteral("nosuch.invalid:9092")
                                      << QStringLiteral(
                                             "cannot resolve host nosuch.invalid (Name or service not known)");

        // A port that accepts and never answers.
        QTest::newRow("silent: ApiVersion timed out")
            << 0
            << QStringLiteral("[thrd:127.0.0.1:45902/bootstrap]: 127.0.0.1:45902/bootstrap: ApiVersionRequest "
                              "failed: Local: Timed out: probably due to broker version < 0.10 (see "
                              "api.version.request configuration) (after 10011ms in state APIVERSION_QUERY)")
            << false << DiagnosisCategory::NotKafka << QStringLiteral("127.0.0.1:45902")
            << QStringLiteral("127.0.0.1:45902 accepted the connection but did not answer as Kafka: wrong port, or "
                              "the broker expects TLS");
        QTest::newRow("silent: request in flight")
            << 0
            << QStringLiteral("[thrd:127.0.0.1:45902/bootstrap]: 127.0.0.1:45902/bootstrap: Timed out "
                              "ApiVersionRequest in flight (after 10011ms, timeout #0)")
            << false << DiagnosisCategory::NotKafka << QStringLiteral("127.0.0.1:45902")
            << QStringLiteral("did not answer as Kafka");
        QTest::newRow("silent: setup timed out")
            << int(RD_KAFKA_RESP_ERR__TRANSPORT)
            << QStringLiteral("127.0.0.1:45931/bootstrap: Connection setup timed out in state APIVERSION_QUERY "
                              "(after 2001ms in state APIVERSION_QUERY)")
            << false << DiagnosisCategory::NotKafka << QStringLiteral("127.0.0.1:45931")
            << QStringLiteral("127.0.0.1:45931 accepted the connection but did not answer as Kafka");
        QTest::newRow("silent to a TLS client")
            << 0
            << QStringLiteral("[thrd:ssl://127.0.0.1:45931/bootstrap]: ssl://127.0.0.1:45931/bootstrap: Connection "
                              "setup timed out in state SSL_HANDSHAKE (after 2002ms in state SSL_HANDSHAKE)")
            << true << DiagnosisCategory::NotKafka << QStringLiteral("127.0.0.1:45931")
            << QStringLiteral("did not answer the TLS handshake: wrong port, or the listener does not use TLS");
        QTest::newRow("closed instead of answering")
            << int(RD_KAFKA_RESP_ERR__TRANSPORT)
            << QStringLiteral("ssl://localhost:45911/bootstrap: Disconnected while requesting ApiVersion: might be "
                              "caused by broker version < 0.10 (see api.version.request) (after 0ms in state "
                              "APIVERSION_QUERY)")
            << true << DiagnosisCategory::NotKafka << QStringLiteral("localhost:45911")
            << QStringLiteral("closed the connection instead of answering as Kafka");

        // Protocol mix-ups.
        QTest::newRow("plaintext to a TLS listener")
            << 0
            << QStringLiteral("[thrd:127.0.0.1:45911/bootstrap]: 127.0.0.1:45911/bootstrap: Disconnected while "
                              "requesting ApiVersion: might be caused by incorrect security.protocol configuration "
                              "(connecting to a SSL listener?) or broker version is < 0.10 (see api.version.request) "
                              "(after 0ms in state APIVERSION_QUERY)")
            << false << DiagnosisCategory::TlsExpected << QStringLiteral("127.0.0.1:45911")
            << QStringLiteral("it probably expects TLS (security.protocol SSL or SASL_SSL)");
        QTest::newRow("TLS to a plaintext listener")
            << int(RD_KAFKA_RESP_ERR__TRANSPORT)
            << QStringLiteral("ssl://127.0.0.1:37555/bootstrap: SSL handshake failed: Disconnected: connecting to a "
                              "PLAINTEXT broker listener? (after 0ms in state SSL_HANDSHAKE)")
            << true << DiagnosisCategory::TlsNotOffered << QStringLiteral("127.0.0.1:37555")
            << QStringLiteral("127.0.0.1:37555 does not speak TLS");
        QTest::newRow("TLS to a plaintext listener, repeated")
            << 0
            << QStringLiteral("[thrd:ssl://127.0.0.1:37555/bootstrap]: ssl://127.0.0.1:37555/bootstrap: "
                              "Disconnected (after 0ms in state SSL_HANDSHAKE)")
            << true << DiagnosisCategory::TlsNotOffered << QStringLiteral("127.0.0.1:37555")
            << QStringLiteral("does not speak TLS");

        // Certificates, without our certificate check: librdkafka only says verification failed.
        QTest::newRow("certificate verify failed")
            << int(RD_KAFKA_RESP_ERR__SSL)
            << QStringLiteral("ssl://127.0.0.1:45911/bootstrap: SSL handshake failed: error:0A000086:SSL "
                              "routines::certificate verify failed: broker certificate could not be verified, verify "
                              "that ssl.ca.location is correctly configured or root CA certificates are installed "
                              "(install ca-certificates package) (after 2ms in state SSL_HANDSHAKE)")
            << true << DiagnosisCategory::TlsCertificateRejected << QStringLiteral("127.0.0.1:45911")
            << QStringLiteral("TLS: the certificate of 127.0.0.1:45911 could not be verified: it is not signed by a "
                              "CA this profile trusts (CA file /etc/kafka/ca.pem)");
        QTest::newRow("certificate verify failed, short")
            << int(RD_KAFKA_RESP_ERR__TRANSPORT)
            << QStringLiteral("ssl://127.0.0.1:45911/bootstrap: error:0A000086:SSL routines::certificate verify "
                              "failed (after 2ms in state SSL_HANDSHAKE)")
            << true << DiagnosisCategory::TlsCertificateRejected << QStringLiteral("127.0.0.1:45911")
            << QStringLiteral("could not be verified");
        // With it: librdkafka logs the certificate and our words for OpenSSL's verdict.
        QTest::newRow("untrusted CA")
            << 0
            << QStringLiteral("[thrd:ssl://127.0.0.1:45921/bootstrap]: ssl://127.0.0.1:45921/bootstrap: Certificate "
                              "(subject=/CN=localhost, issuer=/CN=Probe Test CA 1) verification callback failed: "
                              "unable to get local issuer certificate (X509 error 20 at depth 0)")
            << true << DiagnosisCategory::TlsUntrustedCertificate << QStringLiteral("127.0.0.1:45921")
            << QStringLiteral("TLS: the certificate of 127.0.0.1:45921 (CN=localhost, issued by CN=Probe Test CA 1) "
                              "is not signed by a CA this profile trusts (CA file /etc/kafka/ca.pem)");
        QTest::newRow("self-signed") // not produced here (same line as "untrusted CA", another X509 code)
            << 0
            << QStringLiteral("ssl://kafka:9093/bootstrap: Certificate (subject=/O=Acme/CN=kafka, "
                              "issuer=/O=Acme/CN=kafka) verification callback failed: self-signed certificate "
                              "(X509 error 18 at depth 0)")
            << true << DiagnosisCategory::TlsUntrustedCertificate << QStringLiteral("kafka:9093")
            << QStringLiteral("(CN=kafka, issued by CN=kafka) is self-signed, and this profile does not trust it");
        QTest::newRow("ip address mismatch")
            << 0
            << QStringLiteral("[thrd:ssl://127.0.0.1:45922/bootstrap]: ssl://127.0.0.1:45922/bootstrap: Certificate "
                              "(subject=/CN=other.example, issuer=/CN=Probe Test CA 1) verification callback failed: "
                              "IP address mismatch (X509 error 64 at depth 0)")
            << true << DiagnosisCategory::TlsHostnameMismatch << QStringLiteral("127.0.0.1:45922")
            << QStringLiteral("is not issued for 127.0.0.1 (hostname mismatch)");
        QTest::newRow("hostname mismatch")
            << 0
            << QStringLiteral("[thrd:ssl://localhost:45922/bootstrap]: ssl://localhost:45922/bootstrap: Certificate "
                              "(subject=/CN=other.example, issuer=/CN=Probe Test CA 1) verification callback failed: "
                              "hostname mismatch (X509 error 62 at depth 0)")
            << true << DiagnosisCategory::TlsHostnameMismatch << QStringLiteral("localhost:45922")
            << QStringLiteral("TLS: the certificate of localhost:45922 (CN=other.example, issued by CN=Probe Test CA "
                              "1) is not issued for localhost (hostname mismatch)");
        QTest::newRow("expired")
            << 0
            << QStringLiteral("[thrd:ssl://127.0.0.1:45923/bootstrap]: ssl://127.0.0.1:45923/bootstrap: Certificate "
                              "(subject=/CN=localhost, issuer=/CN=Probe Test CA 1) verification callback failed: "
                              "certificate has expired (X509 error 10 at depth 0)")
            << true << DiagnosisCategory::TlsCertificateExpired << QStringLiteral("127.0.0.1:45923")
            << QStringLiteral("TLS: the certificate of 127.0.0.1:45923 (CN=localhost, issued by CN=Probe Test CA 1) "
                              "has expired");
        QTest::newRow("post-handshake check") // not produced here
            << int(RD_KAFKA_RESP_ERR__SSL)
            << QStringLiteral("ssl://kafka:9093/1: Failed to verify broker certificate: certificate has expired")
            << true << DiagnosisCategory::TlsCertificateExpired << QStringLiteral("kafka:9093")
            << QStringLiteral("TLS: the certificate of kafka:9093 has expired");
        QTest::newRow("client certificate required") // not produced here
            << int(RD_KAFKA_RESP_ERR__SSL)
            << QStringLiteral("ssl://kafka:9093/bootstrap: SSL handshake failed: error:0A0000F4:SSL "
                              "routines::unexpected message: client SSL authentication might be required (see "
                              "ssl.key.location and ssl.certificate.location and consult the broker logs for more "
                              "information) (after 5ms in state SSL_HANDSHAKE)")
            << true << DiagnosisCategory::TlsClientCertificateRequired << QStringLiteral("kafka:9093")
            << QStringLiteral("requires a client certificate (mutual TLS)");
        QTest::newRow("CA file missing")
            << 0
            << QStringLiteral("Could not create a Kafka client: ssl.ca.location failed: error:05880002:x509 "
                              "certificate routines::system lib")
            << true << DiagnosisCategory::InvalidConfiguration << QString()
            << QStringLiteral("the file named by ssl.ca.location cannot be used");

        // SASL.
        QTest::newRow("wrong password")
            << int(RD_KAFKA_RESP_ERR__AUTHENTICATION)
            << QStringLiteral("sasl_plaintext://127.0.0.1:45941/bootstrap: SASL authentication error: Authentication "
                              "failed: Invalid username or password (after 0ms in state AUTH_REQ)")
            << false << DiagnosisCategory::AuthenticationFailed << QStringLiteral("127.0.0.1:45941")
            << QStringLiteral("authentication failed: 127.0.0.1:45941 rejected the credentials (Authentication "
                              "failed: Invalid username or password)");
        QTest::newRow("mechanism not offered")
            << 0
            << QStringLiteral("[thrd:sasl_plaintext://127.0.0.1:45942/bootstrap]: "
                              "sasl_plaintext://127.0.0.1:45942/bootstrap: SASL SCRAM-SHA-256 mechanism handshake "
                              "failed: Broker: Unsupported SASL mechanism: broker's supported mechanisms: PLAIN "
                              "(after 0ms in state AUTH_HANDSHAKE)")
            << false << DiagnosisCategory::SaslMechanismRejected << QStringLiteral("127.0.0.1:45942")
            << QStringLiteral("authentication failed: 127.0.0.1:45942 does not offer SASL mechanism SCRAM-SHA-256 "
                              "(it offers PLAIN)");
        QTest::newRow("SASL to a plaintext listener")
            << int(RD_KAFKA_RESP_ERR__AUTHENTICATION)
            << QStringLiteral("sasl_plaintext://127.0.0.1:42299/bootstrap: Failed to initialize SASL "
                              "authentication: SASL Handshake not supported by broker (required by mechanism PLAIN) "
                              "(after 0ms in state AUTH_LEGACY)")
            << false << DiagnosisCategory::SaslNotEnabled << QStringLiteral("127.0.0.1:42299")
            << QStringLiteral("does not use SASL on this port");
        QTest::newRow("plaintext to a SASL listener")
            << 0
            << QStringLiteral("[thrd:127.0.0.1:45943/bootstrap]: 127.0.0.1:45943/bootstrap: Disconnected: verify "
                              "that security.protocol is correctly configured, broker might require SASL "
                              "authentication (after 0ms in state UP)")
            << false << DiagnosisCategory::SaslRequired << QStringLiteral("127.0.0.1:45943")
            << QStringLiteral("it probably requires SASL authentication");

        // Requests the cluster refused.
        QTest::newRow("topic authorization")
            << int(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) << QStringLiteral("Broker: Topic authorization failed")
            << false << DiagnosisCategory::AuthorizationDenied << QString()
            << QStringLiteral("authorization denied (TOPIC_AUTHORIZATION_FAILED)");
        QTest::newRow("unsupported") << int(RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)
                                     << QStringLiteral("Local: Required feature not supported by broker") << false
                                     << DiagnosisCategory::Unsupported << QString()
                                     << QStringLiteral("not supported by this cluster");
        QTest::newRow("unknown property") // createClient's own text
            << 0
            << QStringLiteral("Unknown client property \"no.such\" in the connection profile: No such configuration "
                              "property: \"no.such\"")
            << false << DiagnosisCategory::InvalidConfiguration << QString() << QStringLiteral("no.such");
    }
    void classifiesLibrdkafkaTexts()
    {
        QFETCH(int, code);
        QFETCH(QString, text);
        QFETCH(bool, usesTls);
        QFETCH(OffsetLens::DiagnosisCategory, category);
        QFETCH(QString, broker);
        QFETCH(QString, message);
        DiagnosisContext context;
        context.usesTls = usesTls;
        context.caFile = QStringLiteral("/etc/kafka/ca.pem");
        const Diagnosis d = diagnoseClientMessage(code, text, context);
        QCOMPARE(categoryKey(d.category), categoryKey(category));
        QCOMPARE(d.broker, broker);
        QVERIFY2(d.message.contains(message), qPrintable(d.message));
        QCOMPARE(d.raw, text);
        QCOMPARE(d.code, code);
        // librdkafka's bookkeeping never reaches the words.
        QVERIFY2(!d.message.contains(QLatin1String("(after ")), qPrintable(d.message));
        QVERIFY2(!d.message.contains(QLatin1String("thrd:")), qPrintable(d.message));
    }

    void trustSourceNamesTheSystemStoreWithoutACaFile()
    {
        const Diagnosis d = diagnoseClientMessage(
            0, QStringLiteral("ssl://k:9093/bootstrap: Certificate (subject=/CN=k, issuer=/CN=Corp) verification "
                              "callback failed: unable to get local issuer certificate (X509 error 20 at depth 0)"));
        QVERIFY2(d.message.endsWith(QLatin1String("(the system's trust store)")), qPrintable(d.message));
    }

    void operationsNameWhatWasRefused_data()
    {
        QTest::addColumn<int>("operation");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("message");
        QTest::newRow("read log offsets")
            << int(ProbeOperation::ListOffsets) << int(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
            << QStringLiteral("orders")
            << QStringLiteral("authorization denied: not allowed to read the log offsets of topic orders "
                              "(TOPIC_AUTHORIZATION_FAILED; needs Describe on the topic)");
        QTest::newRow("read committed offsets")
            << int(ProbeOperation::FetchCommittedOffsets) << int(RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED)
            << QStringLiteral("billing")
            << QStringLiteral("authorization denied: not allowed to read the committed offsets of group billing "
                              "(GROUP_AUTHORIZATION_FAILED; needs Describe on the group)");
        QTest::newRow("list groups")
            << int(ProbeOperation::ListGroups) << int(RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED) << QString()
            << QStringLiteral("authorization denied: not allowed to list groups (CLUSTER_AUTHORIZATION_FAILED; needs "
                              "Describe on the cluster)");
        QTest::newRow("describe a topic")
            << int(ProbeOperation::DescribeCluster) << int(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
            << QStringLiteral("payments")
            << QStringLiteral("authorization denied: not allowed to describe topic payments "
                              "(TOPIC_AUTHORIZATION_FAILED; needs Describe on the topic)");
        QTest::newRow("groups not supported")
            << int(ProbeOperation::ListGroups) << int(RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE) << QString()
            << QStringLiteral("this cluster cannot list groups: Local: Required feature not supported by broker");
        QTest::newRow("timed out") << int(ProbeOperation::ListOffsets) << int(RD_KAFKA_RESP_ERR__TIMED_OUT)
                                   << QStringLiteral("orders")
                                   << QStringLiteral("no answer in time when trying to read the log offsets of "
                                                     "topic orders");
    }
    void operationsNameWhatWasRefused()
    {
        QFETCH(int, operation);
        QFETCH(int, code);
        QFETCH(QString, subject);
        QFETCH(QString, message);
        const QString text = QString::fromUtf8(rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code)));
        const Diagnosis d = diagnoseOperationError(ProbeOperation(operation), code, text, subject);
        QCOMPARE(d.message, message);
    }

    void theMostTellingFindingWins()
    {
        const QList<Diagnosis> findings{
            diagnoseClientMessage(int(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN), QStringLiteral("1/1 brokers are down")),
            diagnoseClientMessage(0, QStringLiteral("k:1/bootstrap: Connect to ipv4#10.0.0.1:1 failed: Connection "
                                                    "refused (after 0ms in state CONNECT)")),
            diagnoseClientMessage(int(RD_KAFKA_RESP_ERR__TRANSPORT), QStringLiteral("Local: Broker transport failure")),
        };
        const Diagnosis best = mostTelling(findings);
        QCOMPARE(best.category, DiagnosisCategory::ConnectionRefused);
        // Named as configured, with the address that was tried.
        QCOMPARE(best.message, QStringLiteral("connection refused: nothing listens on k:1 (10.0.0.1:1)"));
        QCOMPARE(mostTelling({}).category, DiagnosisCategory::Unknown);
        QVERIFY(isConnectionFailure(DiagnosisCategory::NotKafka));
        QVERIFY(!isConnectionFailure(DiagnosisCategory::AuthorizationDenied));
    }

    void contextFollowsTheEffectiveClientProperties()
    {
        ConnectionProfile profile;
        profile.securityProtocol = SecurityProtocol::SaslSsl;
        profile.saslMechanism = SaslMechanism::ScramSha512;
        profile.sslCaFile = QStringLiteral("/profile/ca.pem");
        DiagnosisContext c = DiagnosisContext::forProfile(profile);
        QVERIFY(c.usesTls);
        QVERIFY(c.usesSasl);
        QCOMPARE(c.saslMechanism, QStringLiteral("SCRAM-SHA-512"));
        QCOMPARE(c.caFile, QStringLiteral("/profile/ca.pem"));
        // Extra client properties are applied last, so they win.
        profile.clientProperties.insert(QStringLiteral("security.protocol"), QStringLiteral("SSL"));
        profile.clientProperties.insert(QStringLiteral("ssl.ca.location"), QStringLiteral("/props/ca.pem"));
        c = DiagnosisContext::forProfile(profile);
        QVERIFY(c.usesTls);
        QVERIFY(!c.usesSasl);
        QCOMPARE(c.caFile, QStringLiteral("/props/ca.pem"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionDiagnosis)
#include "tst_connectiondiagnosis.moc"
