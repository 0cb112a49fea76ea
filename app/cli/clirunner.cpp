#include "clirunner.h"

#include "connectiontest.h"
#include "democluster.h"
#include "doctorrunner.h"
#include "kafkaconnection.h"
#include "profilestore.h"
#include "resetrunner.h"
#include "snapshotfetcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::Cli", text);
}

void print(FILE *stream, const QString &text)
{
    if (text.isEmpty())
        return;
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

std::atomic_bool s_interrupted{false};

extern "C" void onInterrupt(int)
{
    s_interrupted = true;
}

int runDemoBroker(const AppOptions &options)
{
    DemoCluster demo(demoOptions(options));
    QString error;
    if (!demo.start(&error)) {
        print(stderr, tr("offsetlens: could not start the demo cluster: %1\n").arg(error));
        return 1;
    }
    print(stdout, tr("Demo cluster running with live traffic. Bootstrap servers:\n%1\n"
                     "Connect any Kafka client to it (e.g. kcat -b %1 -L). Press Ctrl+C to stop.\n")
                      .arg(demo.bootstrapServers()));
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    // A signal handler may only set a flag; the event loop polls it.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, qApp, [] {
        if (s_interrupted)
            QCoreApplication::quit();
    });
    poll.start(200);
    QCoreApplication::exec();
    print(stdout, tr("Stopping the demo cluster.\n"));
    return 0;
}

// A saved profile's secrets, read before connecting. Where they cannot be had (no keychain on this machine, a
// secrets file that is gone, secrets the desktop app keeps for one session only), the command stops with a message
// rather than connect without them, unless --command-config gives secrets of its own.
int loadSecrets(const AppOptions &options, ConnectionProfile &profile)
{
    ProfileStore store;
    if (!store.hasStoredSecrets(profile.id))
        return 0; // none were saved: nothing to wait for, and the keychain is not asked
    const SecretResult result = store.readSecretsBlocking(profile);
    if (result.ok() && result.found) {
        profile.secrets = result.secrets;
        return 0;
    }
    const auto keys = options.clientProperties.keys();
    if (std::any_of(keys.cbegin(), keys.cend(), ProfileStore::isSecretProperty))
        return 0;
    const QString why = !result.ok()                                          ? result.message
                        : profile.secretStorage == SecretStorage::AskEachTime ? tr("it asks for them each time.")
                                                                              : tr("none were found.");
    print(stderr, tr("offsetlens: cannot read the passwords of profile '%1': %2\n"
                     "Give them with --command-config FILE (sasl.password=..., ssl.key.password=...).\n")
                      .arg(profile.name, why));
    return 1;
}

} // namespace

DemoCluster::Options demoOptions(const AppOptions &options)
{
    DemoCluster::Options demo;
    demo.seed = options.seed;
    demo.scale.topics = options.scaleTopics;
    demo.scale.partitions = options.scalePartitions;
    demo.scale.groups = options.scaleGroups;
    return demo;
}

void printTo(FILE *stream, const QString &text)
{
    print(stream, text);
}

const std::atomic_bool &installInterruptHandler()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    return s_interrupted;
}

int openCliCluster(const AppOptions &options, CliCluster &cluster)
{
    ConnectionProfile &profile = cluster.profile;
    if (!options.bootstrap().isEmpty()) {
        profile = options.adHocProfile(options.bootstrap());
    } else if (!options.profileName().isEmpty()) {
        const std::optional<ConnectionProfile> saved = ProfileStore().profile(options.profileName());
        if (!saved) {
            print(stderr, tr("offsetlens: no connection profile named '%1'\n").arg(options.profileName()));
            return 2;
        }
        if (!saved->isDemo) {
            profile = *saved;
            if (const int rc = loadSecrets(options, profile); rc != 0)
                return rc;
            profile.pinnedGroups += options.pinnedGroups;
            profile.clientProperties.insert(options.clientProperties);
            profile.requestTimeoutMs = options.timeoutMs;
        }
    }
    if (profile.bootstrapServers.isEmpty()) {
        cluster.demo = std::make_unique<DemoCluster>(demoOptions(options));
        QString error;
        if (!cluster.demo->start(&error)) {
            print(stderr, tr("offsetlens: could not start the demo cluster: %1\n").arg(error));
            return 1;
        }
        profile = options.adHocProfile(cluster.demo->bootstrapServers());
        profile.id = ProfileStore::demoProfileId();
        profile.name = ProfileStore::demoProfileName();
        profile.bootstrapServers = cluster.demo->bootstrapServers();
        profile.isDemo = true;
    }
    cluster.connection = std::make_shared<KafkaConnection>(profile);
    cluster.fetcher = std::make_unique<SnapshotFetcher>(cluster.connection);
    if (cluster.demo)
        cluster.fetcher->setGroupSource(cluster.demo->groupSource());
    return 0;
}

ClusterSnapshot fetchCliSnapshot(CliCluster &cluster, const SnapshotFetcher::Options &fetchOptions,
                                 const JobContext &context, bool *ok)
{
    ClusterSnapshot snapshot = cluster.fetcher->fetch(fetchOptions, context, ok);
    if (cluster.demo) {
        // A demo that has just started still has its consumers joining their groups; describing it then would show
        // every group rebalancing with no members. Give them a few seconds to settle, as a user would.
        const auto settling = [](const ClusterSnapshot &s) {
            return std::any_of(s.groups.cbegin(), s.groups.cend(), [](const GroupInfo &g) {
                return g.state == GroupState::PreparingRebalance || g.state == GroupState::CompletingRebalance;
            });
        };
        QElapsedTimer waited;
        waited.start();
        while (*ok && settling(snapshot) && waited.elapsed() < 15000 && !context.isCancelled()) {
            QThread::msleep(500);
            snapshot = cluster.fetcher->fetch(fetchOptions, context, ok);
        }
    }
    return snapshot;
}

int runHeadless(const AppOptions &options)
{
    if (options.mode == AppOptions::Mode::DemoBroker)
        return runDemoBroker(options);
    if (options.mode == AppOptions::Mode::ResetOffsets || options.mode == AppOptions::Mode::DeleteOffsets ||
        options.mode == AppOptions::Mode::DeleteGroup)
        return runWriteCommand(options);
    if (options.mode == AppOptions::Mode::TestConnection)
        return runTestConnection(options);
    if (options.mode == AppOptions::Mode::Doctor)
        return runDoctor(options);

    CliCluster cluster;
    if (const int rc = openCliCluster(options, cluster); rc != 0)
        return rc;

    // The same refresh operation the desktop app runs as a job, run here synchronously. Ctrl+C cancels it.
    SnapshotFetcher::Options fetchOptions;
    fetchOptions.includeGroups = options.mode != AppOptions::Mode::Topics;
    if (options.mode == AppOptions::Mode::Describe && !options.describe.allGroups)
        fetchOptions.onlyGroups = options.describe.groups;

    const JobContext context(cluster.connection, installInterruptHandler());
    bool ok = false;
    const ClusterSnapshot snapshot = fetchCliSnapshot(cluster, fetchOptions, context, &ok);
    if (s_interrupted) {
        print(stderr, tr("offsetlens: interrupted\n"));
        return 130;
    }
    if (!ok) {
        print(stderr, tr("offsetlens: %1\n").arg(snapshot.errors.join(QStringLiteral("\n"))));
        return 1;
    }

    CliOutput output;
    switch (options.mode) {
    case AppOptions::Mode::Describe:
        output = formatDescribe(snapshot, options.describe);
        break;
    case AppOptions::Mode::ListGroups:
        output = formatListGroups(snapshot, options.format, options.listWithState);
        break;
    case AppOptions::Mode::Topics:
        output = formatTopics(snapshot, options.format, options.perPartition, options.topics);
        break;
    default:
        break;
    }
    if (options.format != OutputFormat::Json)
        print(stderr, formatSnapshotErrors(snapshot));
    print(stderr, output.err);
    print(stdout, output.out);
    return output.exitCode;
}

} // namespace OffsetLens
