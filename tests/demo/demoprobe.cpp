// Measures the demo cluster: start-up time, CPU and RSS while the traffic runs (or scale-mode start-up time), and
// prints what the group source reports. Not a test; run it by hand:
//   demoprobe [--seconds N] [--seed S] [--scale TOPICS PARTITIONS GROUPS PARTITIONS_PER_GROUP] [--verbose]
#include "democluster.h"
#include "groupsource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>
#include <QThread>

#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <unistd.h>

using namespace OffsetLens;

namespace {

// utime + stime of this process, in seconds.
double cpuSeconds()
{
    QFile f(QStringLiteral("/proc/self/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = f.readAll();
    // Fields after the ")" that closes the command name: state is field 3; utime/stime are fields 14/15.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;
}

QByteArray statusField(const char *name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(name))
            return line.mid(static_cast<qsizetype>(qstrlen(name))).trimmed();
    }
    return {};
}

void printWatermarks(const QString &bootstrap)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    const char *topics[] = {"sol-trades", "payments", "SCHEDULE-DEVICE-STORAGE", "SCHEDULE-CAR-ORDER",
                            "SCHEDULE-CAR-PRICE"};
    for (const char *topic : topics) {
        for (int p = 0; p < 3; ++p) {
            int64_t lo = -1, hi = -1;
            if (rd_kafka_query_watermark_offsets(rk, topic, p, &lo, &hi, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
                break;
            std::printf("  %-26s [%d] log start %6lld  HW %6lld\n", topic, p, static_cast<long long>(lo),
                        static_cast<long long>(hi));
        }
    }
    rd_kafka_destroy(rk);
}

// Committed offsets of one group, read with a plain consumer handle (OffsetFetch).
QString committedOffsets(const QString &bootstrap, const GroupInfo &group)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "group.id", group.groupId.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(8);
    const QStringList topics = {QStringLiteral("sol-trades"), QStringLiteral("payments"),
                                QStringLiteral("SCHEDULE-DEVICE-STORAGE"), QStringLiteral("SCHEDULE-CAR-ORDER"),
                                QStringLiteral("SCHEDULE-CAR-PRICE")};
    for (const QString &t : topics)
        for (int p = 0; p < (t.startsWith(QLatin1StringView("SCHED")) ? 1
                             : t == QLatin1StringView("payments")     ? 2
                                                                      : 3);
             ++p)
            rd_kafka_topic_partition_list_add(list, t.toUtf8().constData(), p);
    QStringList parts;
    if (rd_kafka_committed(rk, list, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        for (int i = 0; i < list->cnt; ++i)
            if (list->elems[i].offset >= 0)
                parts << QStringLiteral("%1-%2=%3")
                             .arg(QString::fromUtf8(list->elems[i].topic))
                             .arg(list->elems[i].partition)
                             .arg(list->elems[i].offset);
    }
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(rk);
    return parts.join(QLatin1Char(' '));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int seconds = 20;
    DemoCluster::Options options;
    options.seed = 42;
    bool verbose = false;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1StringView("--seconds") && i + 1 < args.size())
            seconds = args[++i].toInt();
        else if (args[i] == QLatin1StringView("--seed") && i + 1 < args.size())
            options.seed = args[++i].toULongLong();
        else if (args[i] == QLatin1StringView("--verbose"))
            verbose = true;
        else if (args[i] == QLatin1StringView("--scale") && i + 4 < args.size()) {
            options.scale.topics = args[++i].toInt();
            options.scale.partitions = args[++i].toInt();
            options.scale.groups = args[++i].toInt();
            options.scale.partitionsPerGroup = args[++i].toInt();
        }
    }

    DemoCluster demo(options);
    QElapsedTimer timer;
    timer.start();
    QString error;
    if (!demo.start(&error)) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(error));
        return 1;
    }
    std::printf("start() took %lld ms; bootstrap %s; seed %llu\n", static_cast<long long>(timer.elapsed()),
                qUtf8Printable(demo.bootstrapServers()), static_cast<unsigned long long>(demo.seed()));
    std::printf("RSS after start: %s, threads %s\n", statusField("VmRSS:").constData(),
                statusField("Threads:").constData());

    if (options.scale.topics == 0) {
        QThread::sleep(5); // let the groups join before measuring the steady state
        const double cpu0 = cpuSeconds();
        QElapsedTimer window;
        window.start();
        QThread::sleep(static_cast<unsigned long>(seconds));
        const double cpu = cpuSeconds() - cpu0;
        const double wall = static_cast<double>(window.elapsed()) / 1000.0;
        std::printf("CPU over %.1f s: %.3f s = %.2f %% of one core\n", wall, cpu, 100.0 * cpu / wall);
        std::printf("VmRSS %s  VmHWM %s  Threads %s\n", statusField("VmRSS:").constData(),
                    statusField("VmHWM:").constData(), statusField("Threads:").constData());
        printWatermarks(demo.bootstrapServers());
    }

    std::atomic_bool cancelled = false;
    const GroupSource::Listing listing =
        demo.groupSource()->fetchGroups({QStringLiteral("not-a-demo-group")}, std::chrono::seconds(1), cancelled);
    std::printf("%lld groups\n", static_cast<long long>(listing.groups.size()));
    for (qsizetype i = 0; i < listing.groups.size() && (verbose || i < 12); ++i) {
        const GroupInfo &g = listing.groups[i];
        std::printf("  %-46s %-18s %-10s coord %d members %lld\n", qUtf8Printable(g.groupId),
                    qUtf8Printable(groupStateName(g.state)), qUtf8Printable(g.assignor), g.coordinatorId,
                    static_cast<long long>(g.members.size()));
        if (options.scale.topics == 0 && g.source == GroupSourceKind::Demo)
            std::printf("      committed: %s\n", qUtf8Printable(committedOffsets(demo.bootstrapServers(), g)));
        for (const GroupMember &m : g.members) {
            QStringList parts;
            for (const TopicPartition &tp : m.assignment)
                parts << QStringLiteral("%1-%2@%3").arg(tp.topic).arg(tp.partition).arg(g.positions.value(tp, -1));
            std::printf("      %s %s %s\n", qUtf8Printable(m.memberId), qUtf8Printable(m.clientId),
                        qUtf8Printable(parts.join(QLatin1Char(' '))));
        }
    }
    timer.restart();
    demo.stop();
    std::printf("stop() took %lld ms\n", static_cast<long long>(timer.elapsed()));
    return 0;
}
