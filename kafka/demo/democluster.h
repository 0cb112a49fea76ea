#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace OffsetLens {

class GroupSource;

// The embedded demo cluster: librdkafka's mock cluster (3 brokers on loopback ports) started in-process, with
// producers and consumers that reproduce real situations (see issue 3). Because the mock broker implements no
// ListGroups/DescribeGroups, the demo reports its own consumers' groups, states, members and live positions
// through groupSource().
class DemoCluster : public QObject
{
    Q_OBJECT
public:
    struct ScaleOptions
    {
        int topics = 0;               // > 0 turns on scale mode: no live traffic, just this many topics...
        int partitions = 0;           // ...with this many partitions each...
        int groups = 0;               // ...and this many Empty groups with committed offsets
        int partitionsPerGroup = 200; // each group commits offsets for this many partitions (whole topics)
        int firstGroupPartitions = 0; // > 0: the first group commits this many instead (one big group)
        int messagesPerPartition = 10;
    };
    struct Options
    {
        quint64 seed = 0;    // 0: seeded from the clock; any other value makes the traffic reproducible
        bool traffic = true; // false: create topics and groups but start no producers/consumers
        ScaleOptions scale;
    };

    explicit DemoCluster(QObject *parent = nullptr);
    explicit DemoCluster(Options options, QObject *parent = nullptr);
    ~DemoCluster() override; // stops traffic and destroys the mock cluster; bounded time

    bool start(QString *errorMessage = nullptr); // returns once topics exist and traffic is running
    void stop();
    bool isRunning() const;

    QString bootstrapServers() const; // "127.0.0.1:port,..." once started
    quint64 seed() const;             // the seed in effect (the drawn one when Options::seed was 0); 0 before start()
    const Options &options() const;
    std::shared_ptr<GroupSource> groupSource() const; // never null; thread-safe to call fetchGroups on

    // The groups a scale-mode demo of these options and this (non-zero) seed holds, without its brokers: for a client
    // in another process than the demo (bench_gui --separate-brokers measures the app's memory apart from theirs).
    static std::shared_ptr<GroupSource> scaleGroupSource(const ScaleOptions &scale, quint64 seed);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace OffsetLens
