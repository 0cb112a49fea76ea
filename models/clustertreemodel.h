#pragma once

#include "snapshot.h"

#include <QAbstractItemModel>

#include <memory>

namespace OffsetLens {

// The navigation tree: invisible root -> cluster -> "Brokers (n)" / "Topics (n)" / "Consumer groups (n)" ->
// brokers, topics (-> partitions) and groups. Two columns, Name and Details. Every refresh is applied as row
// insertions/removals for items that appeared or went away and dataChanged for rows whose values changed, so the
// views' selection, expansion and scroll position survive it. Qt::Core only: states are exposed through roles,
// the widgets decide on colours and icons.
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

    void applySnapshot(const ClusterSnapshot &snapshot);
    void setConnectionState(const QString &text);
    // Overrides the snapshot's profile name as the cluster node's label; empty: use the profile name again.
    void setClusterName(const QString &name);

    // Lookups for the views (invalid index when the item is not in the tree).
    QModelIndex clusterIndex() const;
    QModelIndex categoryIndex(NodeKind category) const;
    QModelIndex brokerIndex(qint32 id) const;
    QModelIndex topicIndex(const QString &topic) const;
    QModelIndex partitionIndex(const QString &topic, qint32 partition) const;
    QModelIndex groupIndex(const QString &groupId) const;
    static NodeKind nodeKind(const QModelIndex &index);

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    struct Node; // defined in the .cpp

private:
    template <typename Key, typename Payload, typename KeyOf>
    void syncChildren(Node *parent, NodeKind kind, const QList<Key> &newKeys, const QList<Payload> &newPayloads,
                      KeyOf keyOf);
    QModelIndex indexOf(const Node *node, int column = 0) const;
    Node *nodeOf(const QModelIndex &index) const;
    void refreshClusterNode();

    std::unique_ptr<Node> m_root;
    Node *m_cluster = nullptr;
    Node *m_brokers = nullptr;
    Node *m_topics = nullptr;
    Node *m_groups = nullptr;
    QString m_clusterName;
    QString m_profileName;
    QString m_connectionState;
    QString m_bootstrap;
    QStringList m_errors;
};

} // namespace OffsetLens
