#pragma once

#include "lagbadge.h"
#include "snapshotfacts.h"

#include <QAbstractItemModel>

#include <functional>
#include <memory>

namespace OffsetLens {

// The navigation tree: invisible root -> one node per open cluster (in the order they were opened, keyed by the
// connection profile's id) -> "Brokers (n)" / "Topics (n)" / "Consumer groups (n)" -> brokers, topics
// (-> partitions) and groups. Two columns, Name and Details. Every refresh is applied through the same keyed diff
// as the table models: row insertions/removals for items that appeared or went away and dataChanged for rows whose
// values changed, so the views' selection, expansion and scroll position survive it. A refresh of one cluster
// leaves the other clusters' nodes untouched. Qt::Core only: states are exposed through roles, the widgets decide
// on colours and icons.
class ClusterTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Roles
    {
        NodeKindRole = Qt::UserRole + 1, // int(NodeKind)
        BrokerIdRole,                    // Broker nodes
        TopicNameRole,                   // Topic and Partition nodes
        PartitionRole,                   // Partition nodes
        GroupIdRole,                     // Group nodes
        HealthRole,                      // 0 ok, 1 warning, 2 error (categories and cluster: worst child)
        SortRole,                        // numeric where it makes sense (broker id, partition id, lag, messages)
        ProfileIdRole,                   // every node: the id of the cluster (connection profile) it belongs to
        ClusterColourRole,               // Cluster nodes: the profile's colour tag ("#rrggbb"), null when none
    };
    enum class NodeKind
    {
        Cluster,
        BrokersCategory,
        TopicsCategory,
        GroupsCategory,
        Broker,
        Topic,
        Partition,
        Group,
    };
    Q_ENUM(NodeKind)
    enum Column
    {
        NameColumn,
        DetailsColumn,
        ColumnCount
    };

    explicit ClusterTreeModel(QObject *parent = nullptr);
    ~ClusterTreeModel() override;

    // A cluster node with its three (empty) categories, appended after the clusters already open; renames it when
    // it exists. Views can expand it before the first refresh.
    void addCluster(const QString &profileId, const QString &name);
    void removeCluster(const QString &profileId);
    QStringList clusterIds() const; // in tree order
    // Applies a refresh to the nodes of its cluster (snapshot().profileId), adding the cluster when it is new.
    void applySnapshot(const AnalyzedSnapshot &analyzed);
    void setConnectionState(const QString &profileId, const QString &text);
    void setClusterName(const QString &profileId, const QString &name);
    // The profile's colour tag (the view draws a swatch; empty: none) and its write badge ("read-only",
    // "production"; empty: none), shown in the cluster's details and tooltip.
    void setClusterAppearance(const QString &profileId, const QString &colour, const QString &badge);
    // Health, time lag and alerts of a cluster's groups (from the lag monitor): shown in the groups' details,
    // tooltips and health colour.
    void setBadges(const ClusterBadges &badges);

    // Lookups for the views (invalid index when the item is not in the tree).
    QModelIndex clusterIndex(const QString &profileId) const;
    QModelIndex categoryIndex(const QString &profileId, NodeKind category) const;
    QModelIndex brokerIndex(const QString &profileId, qint32 id) const;
    QModelIndex topicIndex(const QString &profileId, const QString &topic) const;
    QModelIndex partitionIndex(const QString &profileId, const QString &topic, qint32 partition) const;
    QModelIndex groupIndex(const QString &profileId, const QString &groupId) const;
    static NodeKind nodeKind(const QModelIndex &index);
    static QString profileId(const QModelIndex &index);

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    struct Node;        // defined in the .cpp
    struct ClusterData; // a cluster node's payload, defined in the .cpp

private:
    // `fill`, when given, adds a new node's children (its index in newPayloads) before the rows are announced.
    template <typename Key, typename Payload, typename KeyOf>
    void syncChildren(Node *parent, NodeKind kind, const QList<Key> &newKeys, const QList<Payload> &newPayloads,
                      KeyOf keyOf, const std::function<void(Node &, qsizetype)> &fill = {});
    QModelIndex indexOf(const Node *node, int column = 0) const;
    Node *nodeOf(const QModelIndex &index) const;
    Node *clusterNode(const QString &profileId) const;
    Node *category(Node *cluster, NodeKind kind) const;
    void updateClusterNode(Node *cluster, ClusterData data);

    std::unique_ptr<Node> m_root;
    QHash<QString, QHash<QString, GroupBadge>> m_badges; // profile id -> group id -> badge
};

} // namespace OffsetLens
