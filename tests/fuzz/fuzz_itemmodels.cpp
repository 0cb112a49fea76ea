// Fuzzes what the views show of broker-supplied strings: topic names, group ids, client ids, hosts, commit metadata
// and error texts reach the item models as plain QStrings, so the harness builds cluster snapshots from the input
// and reads every cell of every model in every role. QAbstractItemModelTester checks that each model stays
// consistent while a second snapshot is applied over the first (the keyed diff's inserts, removals and updates).
//
// The snapshots keep the invariants the fetch layer guarantees (lists sorted by key, keys unique, offsets -1 or in
// the range a log can reach); within those, every string and number is the fuzzer's.
#include "brokertablemodel.h"
#include "clustertreemodel.h"
#include "fuzzsupport.h"
#include "groupoffsetsmodel.h"
#include "groupstablemodel.h"
#include "partitiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QTimeZone>

#include <algorithm>
#include <fuzzer/FuzzedDataProvider.h>

using namespace OffsetLens;

namespace {

QString text(FuzzedDataProvider &fdp)
{
    // librdkafka hands strings over as C strings, decoded as UTF-8.
    return QString::fromUtf8(fdp.ConsumeRandomLengthString(512).c_str());
}

qint64 offset(FuzzedDataProvider &fdp)
{
    return fdp.ConsumeBool() ? kNoOffset : fdp.ConsumeIntegralInRange<qint64>(0, qint64(1) << 53);
}

template <typename T, typename Key> void sortUnique(QList<T> &list, Key key)
{
    std::stable_sort(list.begin(), list.end(), [&](const T &a, const T &b) { return key(a) < key(b); });
    list.erase(std::unique(list.begin(), list.end(), [&](const T &a, const T &b) { return key(a) == key(b); }),
               list.end());
}

QList<qint32> brokerIds(FuzzedDataProvider &fdp)
{
    QList<qint32> ids(fdp.ConsumeIntegralInRange<int>(0, 4));
    for (qint32 &id : ids)
        id = fdp.ConsumeIntegralInRange<qint32>(-1, 5);
    return ids;
}

TopicInfo topic(FuzzedDataProvider &fdp)
{
    TopicInfo t;
    t.name = text(fdp);
    t.isInternal = fdp.ConsumeBool();
    t.replicationFactor = fdp.ConsumeIntegralInRange<qint32>(0, 5);
    t.error = text(fdp);
    const int partitions = fdp.ConsumeIntegralInRange<int>(0, 4);
    for (int p = 0; p < partitions; ++p) {
        PartitionInfo info;
        info.partition = p;
        info.leader = fdp.ConsumeIntegralInRange<qint32>(-1, 5);
        info.replicas = brokerIds(fdp);
        info.isr = brokerIds(fdp);
        info.offlineReplicas = brokerIds(fdp);
        info.logStartOffset = offset(fdp);
        info.highWatermark = offset(fdp);
        info.lastStableOffset = offset(fdp);
        info.logEndOffset = offset(fdp);
        info.error = text(fdp);
        t.partitions.append(info);
    }
    return t;
}

// A partition of one of the snapshot's topics, or of a topic it does not know (a commit for a deleted topic).
TopicPartition partitionOf(FuzzedDataProvider &fdp, const QList<TopicInfo> &topics)
{
    if (!topics.isEmpty() && fdp.ConsumeBool()) {
        const TopicInfo &t = topics.at(fdp.ConsumeIntegralInRange<qsizetype>(0, topics.size() - 1));
        return {t.name, fdp.ConsumeIntegralInRange<qint32>(0, qint32(t.partitions.size()))};
    }
    return {text(fdp), fdp.ConsumeIntegralInRange<qint32>(0, 3)};
}

GroupInfo group(FuzzedDataProvider &fdp, const QList<TopicInfo> &topics)
{
    GroupInfo g;
    g.groupId = text(fdp);
    g.state = GroupState(fdp.ConsumeIntegralInRange<int>(0, 5));
    g.protocolType = text(fdp);
    g.assignor = text(fdp);
    g.coordinatorId = fdp.ConsumeIntegralInRange<qint32>(-1, 5);
    g.isSimple = fdp.ConsumeBool();
    g.source = GroupSourceKind(fdp.ConsumeIntegralInRange<int>(0, 2));
    g.error = text(fdp);
    const int members = fdp.ConsumeIntegralInRange<int>(0, 3);
    for (int m = 0; m < members; ++m) {
        GroupMember member{text(fdp), text(fdp), text(fdp), text(fdp), {}};
        const int assigned = fdp.ConsumeIntegralInRange<int>(0, 3);
        for (int a = 0; a < assigned; ++a)
            member.assignment.append(partitionOf(fdp, topics));
        std::sort(member.assignment.begin(), member.assignment.end());
        g.members.append(member);
    }
    const int offsets = fdp.ConsumeIntegralInRange<int>(0, 6);
    for (int o = 0; o < offsets; ++o) {
        CommittedOffset commit;
        commit.tp = partitionOf(fdp, topics);
        commit.offset = offset(fdp);
        commit.metadata = text(fdp);
        commit.leaderEpoch = fdp.ConsumeIntegralInRange<qint32>(-1, 100);
        commit.error = text(fdp);
        g.offsets.append(commit);
        if (fdp.ConsumeBool())
            g.positions.insert(commit.tp, offset(fdp));
    }
    sortUnique(g.offsets, [](const CommittedOffset &c) { return c.tp; });
    return g;
}

ClusterSnapshot snapshot(FuzzedDataProvider &fdp, quint64 sequence)
{
    ClusterSnapshot s;
    s.profileId = QStringLiteral("fuzz");
    s.profileName = text(fdp);
    s.bootstrapServers = text(fdp);
    s.clusterId = text(fdp);
    s.controllerId = fdp.ConsumeIntegralInRange<qint32>(-1, 5);
    s.sequence = sequence;
    s.takenAt = QDateTime::fromMSecsSinceEpoch(1'790'000'000'000 + qint64(sequence) * 5000, QTimeZone::utc());
    s.durationMs = fdp.ConsumeIntegralInRange<qint64>(0, 60'000);
    const int brokers = fdp.ConsumeIntegralInRange<int>(0, 4);
    for (int b = 0; b < brokers; ++b) {
        BrokerInfo broker{fdp.ConsumeIntegralInRange<qint32>(0, 5), text(fdp), fdp.ConsumeIntegral<quint16>(),
                          text(fdp), false};
        broker.isController = broker.id == s.controllerId;
        s.brokers.append(broker);
    }
    sortUnique(s.brokers, [](const BrokerInfo &b) { return b.id; });
    const int topics = fdp.ConsumeIntegralInRange<int>(0, 5);
    for (int t = 0; t < topics; ++t)
        s.topics.append(topic(fdp));
    sortUnique(s.topics, [](const TopicInfo &t) { return t.name; });
    const int groups = fdp.ConsumeIntegralInRange<int>(0, 5);
    for (int g = 0; g < groups; ++g)
        s.groups.append(group(fdp, s.topics));
    sortUnique(s.groups, [](const GroupInfo &g) { return g.groupId; });
    s.groupsListedByBroker = fdp.ConsumeBool();
    const int errors = fdp.ConsumeIntegralInRange<int>(0, 2);
    for (int e = 0; e < errors; ++e)
        s.errors.append(text(fdp));
    return s;
}

// Every cell (recursively, for the tree) and every header, in the roles the views and their delegates ask for.
void readAll(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    static const QList<int> roles = [] {
        QList<int> r{Qt::DisplayRole,    Qt::ToolTipRole,        Qt::EditRole,      Qt::TextAlignmentRole,
                     Qt::ForegroundRole, Qt::BackgroundRole,     Qt::FontRole,      Qt::DecorationRole,
                     Qt::StatusTipRole,  Qt::AccessibleTextRole, Qt::CheckStateRole};
        for (int custom = Qt::UserRole; custom <= Qt::UserRole + 12; ++custom)
            r.append(custom);
        return r;
    }();
    const int rows = model.rowCount(parent);
    const int columns = model.columnCount(parent);
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            const QModelIndex index = model.index(row, column, parent);
            for (const int role : roles)
                model.data(index, role).toString();
            model.flags(index);
            if (column == 0 && model.hasChildren(index))
                readAll(model, index);
        }
    }
    if (!parent.isValid()) {
        for (int column = 0; column < columns; ++column) {
            for (const int role : roles)
                model.headerData(column, Qt::Horizontal, role);
        }
    }
}

QString pick(FuzzedDataProvider &fdp, const QStringList &keys)
{
    return keys.isEmpty() ? QString() : keys.at(fdp.ConsumeIntegralInRange<qsizetype>(0, keys.size() - 1));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    ClusterTreeModel tree;
    BrokerTableModel brokers;
    GroupsTableModel groups;
    GroupOffsetsModel offsets;
    PartitionTableModel partitions;
    QList<QAbstractItemModel *> models{&tree, &brokers, &groups, &offsets, &partitions};
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
    for (QAbstractItemModel *model : models)
        testers.push_back(
            std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::Fatal));

    for (quint64 sequence = 1; sequence <= 2; ++sequence) {
        const AnalyzedSnapshot analyzed(snapshot(fdp, sequence));
        QStringList groupIds, topicNames;
        for (const GroupInfo &g : analyzed.snapshot().groups)
            groupIds.append(g.groupId);
        for (const TopicInfo &t : analyzed.snapshot().topics)
            topicNames.append(t.name);
        // The first refresh opens a group and a topic; the second one may keep them, so rows update in place.
        if (sequence == 1 || fdp.ConsumeBool()) {
            offsets.setGroup(pick(fdp, groupIds));
            partitions.setTopic(pick(fdp, topicNames));
        }
        tree.applySnapshot(analyzed);
        brokers.applySnapshot(analyzed);
        groups.applySnapshot(analyzed);
        offsets.applySnapshot(analyzed);
        partitions.applySnapshot(analyzed);
        for (const QAbstractItemModel *model : models)
            readAll(*model);
    }
    return 0;
}
