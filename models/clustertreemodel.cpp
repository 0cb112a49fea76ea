#include "clustertreemodel.h"

#include "groupsummary.h"
#include "keyeddiff.h"
#include "numberformat.h"

#include <QHash>

#include <algorithm>
#include <variant>
#include <vector>

namespace OffsetLens {

namespace {
struct ClusterData
{
    QString name;
    QString state;
    int health = 0;
    friend bool operator==(const ClusterData &, const ClusterData &) = default;
};

struct CategoryData
{
    qsizetype count = 0;
    int health = 0;
    qsizetype withProblems = 0; // items whose health is not ok
    friend bool operator==(const CategoryData &, const CategoryData &) = default;
};

struct BrokerData
{
    BrokerInfo info;
    qint64 partitionsLed = 0;
    friend bool operator==(const BrokerData &, const BrokerData &) = default;
};

struct TopicData
{
    QString name;
    bool internal = false;
    qint32 replicationFactor = 0;
    qsizetype partitions = 0;
    qint64 messages = 0;
    qsizetype underReplicated = 0;
    qsizetype leaderless = 0;
    QString error;
    friend bool operator==(const TopicData &, const TopicData &) = default;

    int health() const
    {
        if (!error.isEmpty() || leaderless > 0)
            return 2;
        return underReplicated > 0 ? 1 : 0;
    }
};

struct PartitionData
{
    QString topic;
    PartitionInfo info;
    friend bool operator==(const PartitionData &, const PartitionData &) = default;

    int health() const
    {
        if (info.leader < 0 || !info.error.isEmpty())
            return 2;
        return info.isUnderReplicated() ? 1 : 0;
    }
};

using GroupData = GroupOverview;

using Payload =
    std::variant<std::monostate, ClusterData, CategoryData, BrokerData, TopicData, PartitionData, GroupData>;
} // namespace

struct ClusterTreeModel::Node
{
    NodeKind kind = NodeKind::Cluster;
    Node *parent = nullptr;
    int row = 0;
    Payload payload;
    std::vector<std::unique_ptr<Node>> children;

    Node *addChild(NodeKind childKind, Payload childPayload)
    {
        auto child = std::make_unique<Node>();
        child->kind = childKind;
        child->parent = this;
        child->row = int(children.size());
        child->payload = std::move(childPayload);
        children.push_back(std::move(child));
        return children.back().get();
    }

    void renumber(qsizetype from)
    {
        for (auto i = std::size_t(from); i < children.size(); ++i)
            children[i]->row = int(i);
    }

    template <typename T> const T &as() const { return std::get<T>(payload); }
};

namespace {
qint32 brokerKey(const ClusterTreeModel::Node &node)
{
    return std::get<BrokerData>(node.payload).info.id;
}
QString topicKey(const ClusterTreeModel::Node &node)
{
    return std::get<TopicData>(node.payload).name;
}
qint32 partitionKey(const ClusterTreeModel::Node &node)
{
    return std::get<PartitionData>(node.payload).info.partition;
}
QString groupKey(const ClusterTreeModel::Node &node)
{
    return std::get<GroupData>(node.payload).groupId;
}

CategoryData categoryData(const ClusterTreeModel::Node &node, int (*healthOf)(const ClusterTreeModel::Node &))
{
    CategoryData data{qsizetype(node.children.size()), 0, 0};
    for (const auto &child : node.children) {
        const int health = healthOf(*child);
        data.health = std::max(data.health, health);
        data.withProblems += health > 0 ? 1 : 0;
    }
    return data;
}
} // namespace

ClusterTreeModel::ClusterTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
    // The cluster node and its three categories always exist, so views can expand them before the first refresh.
    m_cluster = m_root->addChild(NodeKind::Cluster, ClusterData{tr("Cluster"), QString(), 0});
    m_brokers = m_cluster->addChild(NodeKind::BrokersCategory, CategoryData{});
    m_topics = m_cluster->addChild(NodeKind::TopicsCategory, CategoryData{});
    m_groups = m_cluster->addChild(NodeKind::GroupsCategory, CategoryData{});
}

ClusterTreeModel::~ClusterTreeModel() = default;

template <typename Key, typename PayloadT, typename KeyOf>
void ClusterTreeModel::syncChildren(Node *parent, NodeKind kind, const QList<Key> &newKeys,
                                    const QList<PayloadT> &newPayloads, KeyOf keyOf)
{
    QList<Key> oldKeys;
    oldKeys.reserve(qsizetype(parent->children.size()));
    for (const auto &child : parent->children)
        oldKeys.append(keyOf(*child));
    const KeyedDiff diff = keyedDiff(oldKeys, newKeys);
    const QModelIndex parentIndex = indexOf(parent);

    for (auto it = diff.removals.crbegin(); it != diff.removals.crend(); ++it) {
        beginRemoveRows(parentIndex, int(it->first), int(it->last()));
        const auto first = parent->children.begin() + it->first;
        parent->children.erase(first, first + it->count);
        parent->renumber(it->first);
        endRemoveRows();
    }
    for (const KeyedDiff::Range &range : diff.insertions) {
        beginInsertRows(parentIndex, int(range.first), int(range.last()));
        std::vector<std::unique_ptr<Node>> fresh;
        fresh.reserve(std::size_t(range.count));
        for (qsizetype n = range.first; n <= range.last(); ++n) {
            auto node = std::make_unique<Node>();
            node->kind = kind;
            node->parent = parent;
            node->payload = newPayloads[n];
            fresh.push_back(std::move(node));
        }
        parent->children.insert(parent->children.begin() + range.first, std::make_move_iterator(fresh.begin()),
                                std::make_move_iterator(fresh.end()));
        parent->renumber(range.first);
        endInsertRows();
    }

    qsizetype runStart = -1;
    qsizetype runEnd = -1;
    const auto flush = [&] {
        if (runStart >= 0) {
            Q_EMIT dataChanged(index(int(runStart), 0, parentIndex), index(int(runEnd), ColumnCount - 1, parentIndex));
        }
        runStart = -1;
    };
    for (const auto &[oldIndex, newIndex] : diff.kept) {
        Q_UNUSED(oldIndex);
        Node &node = *parent->children[std::size_t(newIndex)];
        if (std::get<PayloadT>(node.payload) == newPayloads[newIndex])
            continue;
        node.payload = newPayloads[newIndex];
        if (runStart >= 0 && runEnd + 1 != newIndex)
            flush();
        if (runStart < 0)
            runStart = newIndex;
        runEnd = newIndex;
    }
    flush();
}

void ClusterTreeModel::applySnapshot(const ClusterSnapshot &snapshot)
{
    m_profileName = snapshot.profileName;
    m_bootstrap = snapshot.bootstrapServers;
    m_errors = snapshot.errors;

    // Brokers, with the partitions each leads.
    QHash<qint32, qint64> led;
    for (const TopicInfo &topic : snapshot.topics) {
        for (const PartitionInfo &partition : topic.partitions) {
            if (partition.leader >= 0)
                ++led[partition.leader];
        }
    }
    {
        QList<qint32> keys;
        QList<BrokerData> payloads;
        keys.reserve(snapshot.brokers.size());
        payloads.reserve(snapshot.brokers.size());
        for (const BrokerInfo &broker : snapshot.brokers) {
            BrokerData data{broker, led.value(broker.id)};
            data.info.isController = broker.isController || broker.id == snapshot.controllerId;
            keys.append(broker.id);
            payloads.append(data);
        }
        syncChildren(m_brokers, NodeKind::Broker, keys, payloads, brokerKey);
    }

    // Topics, then each topic's partitions (after the topic sync, child i is snapshot.topics[i]).
    {
        QList<QString> keys;
        QList<TopicData> payloads;
        keys.reserve(snapshot.topics.size());
        payloads.reserve(snapshot.topics.size());
        for (const TopicInfo &topic : snapshot.topics) {
            TopicData data{topic.name, topic.isInternal, topic.replicationFactor, topic.partitions.size(), 0, 0,
                           0,          topic.error};
            for (const PartitionInfo &p : topic.partitions) {
                if (p.messageCount() > 0)
                    data.messages += p.messageCount();
                if (p.leader < 0)
                    ++data.leaderless;
                else if (p.isUnderReplicated())
                    ++data.underReplicated;
            }
            keys.append(topic.name);
            payloads.append(data);
        }
        syncChildren(m_topics, NodeKind::Topic, keys, payloads, topicKey);

        for (qsizetype t = 0; t < snapshot.topics.size(); ++t) {
            const TopicInfo &topic = snapshot.topics[t];
            QList<qint32> partitionKeys;
            QList<PartitionData> partitionPayloads;
            partitionKeys.reserve(topic.partitions.size());
            partitionPayloads.reserve(topic.partitions.size());
            for (const PartitionInfo &p : topic.partitions) {
                partitionKeys.append(p.partition);
                partitionPayloads.append(PartitionData{topic.name, p});
            }
            syncChildren(m_topics->children[std::size_t(t)].get(), NodeKind::Partition, partitionKeys,
                         partitionPayloads, partitionKey);
        }
    }

    // Groups.
    {
        QList<QString> keys;
        QList<GroupData> payloads;
        keys.reserve(snapshot.groups.size());
        payloads.reserve(snapshot.groups.size());
        for (const GroupInfo &group : snapshot.groups) {
            keys.append(group.groupId);
            payloads.append(GroupOverview::of(snapshot, group));
        }
        syncChildren(m_groups, NodeKind::Group, keys, payloads, groupKey);
    }

    // Category labels carry the counts and the worst health of their items.
    const auto updateCategory = [this](Node *category, const CategoryData &data) {
        if (category->as<CategoryData>() == data)
            return;
        category->payload = data;
        Q_EMIT dataChanged(indexOf(category, 0), indexOf(category, ColumnCount - 1));
    };
    updateCategory(m_brokers, categoryData(*m_brokers, [](const Node &) { return 0; }));
    updateCategory(m_topics, categoryData(*m_topics, [](const Node &n) { return n.as<TopicData>().health(); }));
    updateCategory(m_groups, categoryData(*m_groups, [](const Node &n) { return n.as<GroupData>().health(); }));
    refreshClusterNode();
}

void ClusterTreeModel::setConnectionState(const QString &text)
{
    m_connectionState = text;
    refreshClusterNode();
}

void ClusterTreeModel::setClusterName(const QString &name)
{
    m_clusterName = name;
    refreshClusterNode();
}

void ClusterTreeModel::refreshClusterNode()
{
    int health = m_errors.isEmpty() ? 0 : 1;
    for (const Node *category : {m_brokers, m_topics, m_groups})
        health = std::max(health, category->as<CategoryData>().health);
    QString name = m_clusterName;
    if (name.isEmpty())
        name = m_profileName.isEmpty() ? tr("Cluster") : m_profileName;
    const ClusterData data{name, m_connectionState, health};
    if (m_cluster->as<ClusterData>() == data)
        return;
    m_cluster->payload = data;
    Q_EMIT dataChanged(indexOf(m_cluster, 0), indexOf(m_cluster, ColumnCount - 1));
}

QModelIndex ClusterTreeModel::clusterIndex() const
{
    return indexOf(m_cluster);
}

QModelIndex ClusterTreeModel::categoryIndex(NodeKind category) const
{
    switch (category) {
    case NodeKind::BrokersCategory:
        return indexOf(m_brokers);
    case NodeKind::TopicsCategory:
        return indexOf(m_topics);
    case NodeKind::GroupsCategory:
        return indexOf(m_groups);
    default:
        return {};
    }
}

namespace {
// Children are sorted by key (the snapshot's lists are), so lookups are binary searches.
template <typename Key, typename KeyOf>
const ClusterTreeModel::Node *findChildNode(const ClusterTreeModel::Node *parent, const Key &key, KeyOf keyOf)
{
    const auto it = std::lower_bound(parent->children.cbegin(), parent->children.cend(), key,
                                     [&](const auto &child, const Key &k) { return keyOf(*child) < k; });
    return (it != parent->children.cend() && keyOf(**it) == key) ? it->get() : nullptr;
}
} // namespace

QModelIndex ClusterTreeModel::brokerIndex(qint32 id) const
{
    return indexOf(findChildNode(m_brokers, id, brokerKey));
}

QModelIndex ClusterTreeModel::topicIndex(const QString &topic) const
{
    return indexOf(findChildNode(m_topics, topic, topicKey));
}

QModelIndex ClusterTreeModel::partitionIndex(const QString &topic, qint32 partition) const
{
    const Node *topicNode = findChildNode(m_topics, topic, topicKey);
    return topicNode ? indexOf(findChildNode(topicNode, partition, partitionKey)) : QModelIndex();
}

QModelIndex ClusterTreeModel::groupIndex(const QString &groupId) const
{
    return indexOf(findChildNode(m_groups, groupId, groupKey));
}

ClusterTreeModel::NodeKind ClusterTreeModel::nodeKind(const QModelIndex &index)
{
    return NodeKind(index.data(NodeKindRole).toInt());
}

QModelIndex ClusterTreeModel::indexOf(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

ClusterTreeModel::Node *ClusterTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ClusterTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *node = nodeOf(parent);
    if (std::size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex ClusterTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int ClusterTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ClusterTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags ClusterTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    // Only true leaves: an empty category or topic may get children with the next refresh.
    const NodeKind kind = nodeOf(index)->kind;
    if (kind == NodeKind::Broker || kind == NodeKind::Partition || kind == NodeKind::Group)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QVariant ClusterTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : section == DetailsColumn ? tr("Details") : QVariant();
}

namespace {
QString nameText(const ClusterTreeModel::Node &node)
{
    using K = ClusterTreeModel::NodeKind;
    switch (node.kind) {
    case K::Cluster:
        return node.as<ClusterData>().name;
    case K::BrokersCategory:
        return ClusterTreeModel::tr("Brokers (%1)").arg(node.as<CategoryData>().count);
    case K::TopicsCategory:
        return ClusterTreeModel::tr("Topics (%1)").arg(node.as<CategoryData>().count);
    case K::GroupsCategory:
        return ClusterTreeModel::tr("Consumer groups (%1)").arg(node.as<CategoryData>().count);
    case K::Broker: {
        const BrokerInfo &b = node.as<BrokerData>().info;
        const QString address = b.host + QLatin1Char(':') + QString::number(b.port);
        return b.isController ? ClusterTreeModel::tr("%1 (controller) %2").arg(b.id).arg(address)
                              : QStringLiteral("%1 %2").arg(b.id).arg(address);
    }
    case K::Topic:
        return node.as<TopicData>().name;
    case K::Partition:
        return ClusterTreeModel::tr("Partition %1").arg(node.as<PartitionData>().info.partition);
    case K::Group:
        return node.as<GroupData>().groupId;
    }
    return {};
}

QString detailsText(const ClusterTreeModel::Node &node)
{
    using K = ClusterTreeModel::NodeKind;
    const QString sep = QStringLiteral(" · ");
    switch (node.kind) {
    case K::Cluster:
        return node.as<ClusterData>().state;
    case K::BrokersCategory:
    case K::TopicsCategory:
    case K::GroupsCategory: {
        const qsizetype problems = node.as<CategoryData>().withProblems;
        return problems > 0 ? ClusterTreeModel::tr("%1 need attention").arg(problems) : QString();
    }
    case K::Broker: {
        const BrokerData &b = node.as<BrokerData>();
        QString text = ClusterTreeModel::tr("leads %1").arg(formatCount(b.partitionsLed));
        if (!b.info.rack.isEmpty())
            text += sep + ClusterTreeModel::tr("rack %1").arg(b.info.rack);
        return text;
    }
    case K::Topic: {
        const TopicData &t = node.as<TopicData>();
        QString text = (t.partitions == 1 ? ClusterTreeModel::tr("1 partition")
                                          : ClusterTreeModel::tr("%1 partitions").arg(formatCount(t.partitions))) +
                       sep + ClusterTreeModel::tr("%1 msgs").arg(formatCount(t.messages));
        if (t.internal)
            text += sep + ClusterTreeModel::tr("internal");
        if (t.leaderless > 0)
            text += sep + ClusterTreeModel::tr("%1 leaderless").arg(t.leaderless);
        else if (t.underReplicated > 0)
            text += sep + ClusterTreeModel::tr("%1 under-replicated").arg(t.underReplicated);
        if (!t.error.isEmpty())
            text += sep + t.error;
        return text;
    }
    case K::Partition: {
        const PartitionInfo &p = node.as<PartitionData>().info;
        QString text = ClusterTreeModel::tr("HW %1").arg(formatOffset(p.highWatermark));
        if (p.leader < 0)
            text += sep + ClusterTreeModel::tr("no leader");
        else if (p.isUnderReplicated())
            text += sep + ClusterTreeModel::tr("under-replicated");
        if (!p.error.isEmpty())
            text += sep + p.error;
        return text;
    }
    case K::Group: {
        const GroupData &g = node.as<GroupData>();
        QString text =
            groupStateName(g.state) + sep + ClusterTreeModel::tr("lag %1").arg(formatCount(g.summary.totalLag));
        if (g.summary.outOfRange > 0)
            text += sep + ClusterTreeModel::tr("%1 out of range").arg(g.summary.outOfRange);
        if (!g.error.isEmpty())
            text += sep + g.error;
        return text;
    }
    }
    return {};
}

int healthOf(const ClusterTreeModel::Node &node)
{
    using K = ClusterTreeModel::NodeKind;
    switch (node.kind) {
    case K::Cluster:
        return node.as<ClusterData>().health;
    case K::BrokersCategory:
    case K::TopicsCategory:
    case K::GroupsCategory:
        return node.as<CategoryData>().health;
    case K::Broker:
        return 0;
    case K::Topic:
        return node.as<TopicData>().health();
    case K::Partition:
        return node.as<PartitionData>().health();
    case K::Group:
        return node.as<GroupData>().health();
    }
    return 0;
}

QVariant sortValue(const ClusterTreeModel::Node &node, int column)
{
    using K = ClusterTreeModel::NodeKind;
    switch (node.kind) {
    case K::Cluster:
        return node.as<ClusterData>().name;
    case K::BrokersCategory:
    case K::TopicsCategory:
    case K::GroupsCategory:
        return int(node.kind); // categories keep their fixed order
    case K::Broker:
        return column == 0 ? QVariant(node.as<BrokerData>().info.id) : QVariant(node.as<BrokerData>().partitionsLed);
    case K::Topic:
        return column == 0 ? QVariant(node.as<TopicData>().name) : QVariant(node.as<TopicData>().messages);
    case K::Partition:
        return column == 0 ? QVariant(node.as<PartitionData>().info.partition)
                           : QVariant(node.as<PartitionData>().info.highWatermark);
    case K::Group:
        return column == 0 ? QVariant(node.as<GroupData>().groupId) : QVariant(node.as<GroupData>().summary.totalLag);
    }
    return {};
}

QString toolTipText(const ClusterTreeModel::Node &node, const QString &bootstrap, const QStringList &errors)
{
    using K = ClusterTreeModel::NodeKind;
    switch (node.kind) {
    case K::Cluster: {
        QStringList lines;
        if (!bootstrap.isEmpty())
            lines.append(ClusterTreeModel::tr("Bootstrap servers: %1").arg(bootstrap));
        lines += errors;
        return lines.join(QLatin1Char('\n'));
    }
    case K::Partition: {
        const PartitionInfo &p = node.as<PartitionData>().info;
        return ClusterTreeModel::tr("Leader %1 · replicas %2 · ISR %3\nLog start %4 · HW %5 · last stable %6\n"
                                    "LEO ≥ HW (brokers do not report the LEO to clients)")
            .arg(p.leader < 0 ? ClusterTreeModel::tr("none") : QString::number(p.leader), formatIdList(p.replicas),
                 formatIdList(p.isr), formatOffset(p.logStartOffset), formatOffset(p.highWatermark),
                 formatOffset(p.lastStableOffset));
    }
    case K::Group: {
        const GroupData &g = node.as<GroupData>();
        if (!g.error.isEmpty())
            return g.error;
        if (g.source == GroupSourceKind::Pinned)
            return ClusterTreeModel::tr("Pinned group: the broker could not list or describe it, state unknown");
        if (g.source == GroupSourceKind::Demo)
            return ClusterTreeModel::tr("Reported by the demo cluster");
        return {};
    }
    case K::Topic:
        return node.as<TopicData>().error;
    default:
        return {};
    }
}
} // namespace

QVariant ClusterTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &node = *nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == NameColumn ? nameText(node) : detailsText(node);
    case Qt::ToolTipRole: {
        // The tree usually sits in a narrow pane: the tooltip always carries the full name and details.
        QStringList lines{nameText(node)};
        if (const QString details = detailsText(node); !details.isEmpty())
            lines.append(details);
        if (const QString extra = toolTipText(node, m_bootstrap, m_errors); !extra.isEmpty())
            lines.append(extra);
        return lines.join(QLatin1Char('\n'));
    }
    case NodeKindRole:
        return int(node.kind);
    case BrokerIdRole:
        return node.kind == NodeKind::Broker ? QVariant(node.as<BrokerData>().info.id) : QVariant();
    case TopicNameRole:
        if (node.kind == NodeKind::Topic)
            return node.as<TopicData>().name;
        if (node.kind == NodeKind::Partition)
            return node.as<PartitionData>().topic;
        return {};
    case PartitionRole:
        return node.kind == NodeKind::Partition ? QVariant(node.as<PartitionData>().info.partition) : QVariant();
    case GroupIdRole:
        return node.kind == NodeKind::Group ? QVariant(node.as<GroupData>().groupId) : QVariant();
    case HealthRole:
        return healthOf(node);
    case SortRole:
        return sortValue(node, index.column());
    default:
        return {};
    }
}

} // namespace OffsetLens
