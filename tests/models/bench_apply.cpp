// Times applying a benchmark-sized snapshot (100 topics x 100 partitions, 200 groups, 40,000 committed rows) to
// the models the main window shows, on the calling (GUI) thread, behind sorting/filtering proxies like the views
// use. Deriving the snapshot's facts (group overviews, broker and topic figures) happens once per snapshot on the
// refresh job's thread; it is timed separately (analyze_ms). Usage: bench_apply [rounds]
#include "brokertablemodel.h"
#include "clustertreemodel.h"
#include "groupoffsetsmodel.h"
#include "groupstablemodel.h"
#include "partitiontablemodel.h"
#include "testsnapshots.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSortFilterProxyModel>

#include <algorithm>
#include <cstdio>

using namespace OffsetLens;

namespace {
struct Models
{
    ClusterTreeModel tree;
    GroupsTableModel groups;
    GroupOffsetsModel offsets;
    PartitionTableModel partitions;
    BrokerTableModel brokers;
    QSortFilterProxyModel treeProxy;
    QSortFilterProxyModel groupsProxy;
    QSortFilterProxyModel offsetsProxy;

    Models()
    {
        treeProxy.setRecursiveFilteringEnabled(true);
        treeProxy.setSortRole(ClusterTreeModel::SortRole);
        treeProxy.setSourceModel(&tree);
        treeProxy.sort(0);
        groupsProxy.setSortRole(GroupsTableModel::SortRole);
        groupsProxy.setSourceModel(&groups);
        groupsProxy.sort(GroupsTableModel::TotalLagColumn, Qt::DescendingOrder);
        offsetsProxy.setSortRole(GroupOffsetsModel::SortRole);
        offsetsProxy.setSourceModel(&offsets);
        offsetsProxy.sort(GroupOffsetsModel::LagColumn, Qt::DescendingOrder);
        offsets.setGroup(QStringLiteral("group-0001"));
        partitions.setTopic(QStringLiteral("topic-0001"));
    }

    // Per model, in the order the main window applies them: tree, groups, group offsets, partitions, brokers.
    QList<double> parts;

    double apply(const AnalyzedSnapshot &s)
    {
        QElapsedTimer total;
        total.start();
        QElapsedTimer step;
        parts.clear();
        const auto mark = [&] {
            parts.append(double(step.nsecsElapsed()) / 1e6);
            step.restart();
        };
        step.start();
        tree.applySnapshot(s);
        mark();
        groups.applySnapshot(s);
        mark();
        offsets.applySnapshot(s);
        mark();
        partitions.applySnapshot(s);
        mark();
        brokers.applySnapshot(s);
        mark();
        return double(total.nsecsElapsed()) / 1e6;
    }
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 5;

    QList<AnalyzedSnapshot> snapshots;
    QList<double> analyzeMs;
    for (int i = 0; i <= rounds; ++i) {
        const ClusterSnapshot raw = TestSnapshots::synthetic(100, 100, 200, 2, 10 * i, quint64(i + 1));
        QElapsedTimer timer;
        timer.start();
        snapshots.append(AnalyzedSnapshot(raw));
        analyzeMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    qsizetype committedRows = 0;
    for (const GroupInfo &g : std::as_const(snapshots.first().snapshot().groups))
        committedRows += g.offsets.size();

    QList<double> firstMs;
    QList<double> updateMs;
    for (int r = 0; r < rounds; ++r) {
        Models models;
        firstMs.append(models.apply(snapshots[0]));
        // Every HW and a seventh of the groups' commits moved: the worst realistic refresh.
        updateMs.append(models.apply(snapshots[r + 1]));
        if (r == 0) {
            std::printf("update breakdown ms: tree=%.2f groups=%.2f group_offsets=%.2f partitions=%.2f brokers=%.2f\n",
                        models.parts[0], models.parts[1], models.parts[2], models.parts[3], models.parts[4]);
        }
        if (models.tree.rowCount(models.tree.categoryIndex(QStringLiteral("test-id"),
                                                           ClusterTreeModel::NodeKind::TopicsCategory)) != 100 ||
            models.offsets.rowCount() != 200) {
            std::fprintf(stderr, "unexpected model contents\n");
            return 1;
        }
    }
    std::printf("topics=100 partitions=10000 groups=200 committed_rows=%lld rounds=%d\n",
                static_cast<long long>(committedRows), rounds);
    std::printf("analyze_ms=%.2f (once per snapshot, on the refresh job's thread)\n", median(analyzeMs));
    std::printf("apply_first_ms=%.2f\napply_update_ms=%.2f\n", median(firstMs), median(updateMs));
    return 0;
}
