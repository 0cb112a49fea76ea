#include "clustertreemodel.h"

#include "keyeddiff.h"
#include "numberformat.h"

#include <algorithm>
#include <variant>
#include <vector>

namespace OffsetLens {

struct ClusterTreeModel::ClusterData
{
    QString profileId;
    QString name;
    QString state;
    int health = 0;
    QString bootstrap;
    QStringList errors; // the last refresh's refresh-level problems
    QString colour;     // the profile's colour tag
    QString badge;      // "read-only", "production": whether it may be written
    friend bool operator==(const ClusterData &, const ClusterData &) = default;
};

namespace {
using ClusterData = ClusterTreeModel::ClusterData;

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
    qint64 partitionsLed = 0; // only what the row shows, so other load changes do not touch it
    friend bool operator==(const BrokerData &, const BrokerData &) = default;
};

struct TopicData
{
    QString name;
    bool internal = false;
    qint32 replicationFactor = 0;
    qsizetype partitions = 0;
    TopicFacts facts;
    QString error;
    friend bool operator==(const TopicData &, const TopicData &) = default;

    int health() const { return facts.health; }
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
QString clusterKey(const ClusterTreeModel::Node &node)
{
    return std::get<ClusterData>(node.payload).profileId;
}
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
{}

ClusterTreeModel::~ClusterTreeModel() = default;

template <typename Key, typename PayloadT, typename KeyOf>
void ClusterTreeModel::syncChildren(Node *parent, NodeKind kind, const QList<Key> &newKeys,
                                    const QList<PayloadT> &newPayloads, KeyOf keyOf,
                                    const std::function<void(Node &, qsizetype)> &fill)
{
    QList<Key> oldKeys;
    oldKeys.reserve(qsizetype(parent->children.size()));
    for (const auto &child : parent->children)
        oldKeys.append(keyOf(*child));
    const QModelIndex parentIndex = indexOf(parent);
    applyKeyedDiff(
        keyedDiff(oldKeys, newKeys),
        [&](qsizetype first, qsizetype count) {
            beginRemoveRows(parentIndex, int(first), int(first + count - 1));
            const auto from = parent->children.begin() + first;
            parent->children.erase(from, from + count);
            parent->renumber(first);
            endRemoveRows();
        },
        [&](qsizetype first, qsizetype count) {
            beginInsertRows(parentIndex, int(first), int(first + count - 1));
            std::vector<std::unique_ptr<Node>> fresh;
            fresh.reserve(std::size_t(count));
            for (qsizetype n = first; n < first + count; ++n) {
                auto node = std::make_unique<Node>();
                node->kind = kind;
                node->parent = parent;
                node->payload = newPayloads[n];
                if (fill)
                    fill(*node, n);
                fresh.push_back(std::move(node));
            }
            parent->children.insert(parent->children.begin() + first, std::make_move_iterator(fresh.begin()),
                                    std::make_move_iterator(fresh.end()));
            parent->renumber(first);
            endInsertRows();
        },
        [&](qsizetype row) {
            Node &node = *parent->children[std::size_t(row)];
            if (std::get<PayloadT>(node.payload) == newPayloads[row])
                return false;
            node.payload = newPayloads[row];
            return true;
        },
        [&](qsizetype first, qsizetype last) {
            Q_EMIT dataChanged(index(int(first), 0, parentIndex), index(int(last), ColumnCount - 1, parentIndex));
        });
}

void ClusterTreeModel::addCluster(const QString &profileId, const QString &name)
{
    if (clusterNode(profileId)) {
        setClusterName(profileId, name);
        return;
    }
    const int row = int(m_root->children.size());
    beginInsertRows(QModelIndex(), row, row);
    Node *cluster = m_root->addChild(NodeKind::Cluster, ClusterData{profileId, name, QString(), 0, {}, {}, {}, {}});
    cluster->addChild(NodeKind::BrokersCategory, CategoryData{});
    cluster->addChild(NodeKind::TopicsCategory, CategoryData{});
    cluster->addChild(NodeKind::GroupsCategory, CategoryData{});
    endInsertRows();
}

void ClusterTreeModel::removeCluster(const QString &profileId)
{
    const Node *cluster = clusterNode(profileId);
    if (!cluster)
        return;
    const int row = cluster->row;
    m_badges.remove(profileId);
    beginRemoveRows(QModelIndex(), row, row);
    m_root->children.erase(m_root->children.begin() + row);
    m_root->renumber(row);
    endRemoveRows();
}

QStringList ClusterTreeModel::clusterIds() const
{
    QStringList ids;
    for (const auto &cluster : m_root->children)
        ids.append(clusterKey(*cluster));
    return ids;
}

void ClusterTreeModel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    const ClusterSnapshot &snapshot = analyzed.snapshot();
    const SnapshotFacts &facts = analyzed.facts();
    Node *cluster = clusterNode(snapshot.profileId);
    if (!cluster) {
        addCluster(snapshot.profileId, snapshot.profileName);
        cluster = clusterNode(snapshot.profileId);
    }
    Node *brokersNode = category(cluster, NodeKind::BrokersCategory);
    Node *topicsNode = category(cluster, NodeKind::TopicsCategory);
    Node *groupsNode = category(cluster, NodeKind::GroupsCategory);

    {
        QList<qint32> keys;
        QList<BrokerData> payloads;
        keys.reserve(snapshot.brokers.size());
        payloads.reserve(snapshot.brokers.size());
        for (const BrokerInfo &broker : snapshot.brokers) {
            BrokerData data{broker, facts.broker(broker.id).partitionsLed};
            data.info.isController = broker.isController || broker.id == snapshot.controllerId;
            keys.append(broker.id);
            payloads.append(data);
        }
        syncChildren(brokersNode, NodeKind::Broker, keys, payloads, brokerKey);
    }

    // Topics, then each topic's partitions (after the topic sync, child i is snapshot.topics[i]).
    {
        QList<QString> keys;
        QList<TopicData> payloads;
        keys.reserve(snapshot.topics.size());
        payloads.reserve(snapshot.topics.size());
        for (qsizetype t = 0; t < snapshot.topics.size(); ++t) {
            const TopicInfo &topic = snapshot.topics[t];
            keys.append(topic.name);
            payloads.append(TopicData{topic.name, topic.isInternal, topic.replicationFactor, topic.partitions.size(),
                                      facts.topics()[t], topic.error});
        }
        // A new topic comes with its partitions. Announced apart, rows under a topic the filter proxy has not mapped
        // make it map them (to announce them on): 100,000 partitions it would then refilter at every keystroke.
        const auto partitionsOf = [&snapshot](Node &topicNode, qsizetype t) {
            for (const PartitionInfo &p : snapshot.topics[t].partitions)
                topicNode.addChild(NodeKind::Partition, PartitionData{snapshot.topics[t].name, p});
        };
        syncChildren(topicsNode, NodeKind::Topic, keys, payloads, topicKey, partitionsOf);

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
            syncChildren(topicsNode->children[std::size_t(t)].get(), NodeKind::Partition, partitionKeys,
                         partitionPayloads, partitionKey);
        }
    }

    {
        QList<QString> keys;
        keys.reserve(snapshot.groups.size());
        for (const GroupInfo &group : snapshot.groups)
            keys.append(group.groupId);
        syncChildren(groupsNode, NodeKind::Group, keys, facts.groups(), groupKey);
    }

    // Category labels carry the counts and the worst health of their items.
    const auto updateCategory = [this](Node *categoryNode, const CategoryData &data) {
        if (categoryNode->as<CategoryData>() == data)
            return;
        categoryNode->payload = data;
        Q_EMIT dataChanged(indexOf(categoryNode, 0), indexOf(categoryNode, ColumnCount - 1));
    };
    updateCategory(brokersNode, categoryData(*brokersNode, [](const Node &) { return 0; }));
    updateCategory(topicsNode, categoryData(*topicsNode, [](const Node &n) { return n.as<TopicData>().health(); }));
    updateCategory(groupsNode, categoryData(*groupsNode, [](const Node &n) { return n.as<GroupData>().health(); }));

    ClusterData data = cluster->as<ClusterData>();
    if (data.name.isEmpty())
        data.name = snapshot.profileName;
    data.bootstrap = snapshot.bootstrapServers;
    data.errors = snapshot.errors;
    updateClusterNode(cluster, data);
}

void ClusterTreeModel::setConnectionState(const QString &profileId, const QString &text)
{
    Node *cluster = clusterNode(profileId);
    if (!cluster)
        return;
    ClusterData data = cluster->as<ClusterData>();
    data.state = text;
    updateClusterNode(cluster, data);
}

void ClusterTreeModel::setClusterName(const QString &profileId, const QString &name)
{
    Node *cluster = clusterNode(profileId);
    if (!cluster)
        return;
    ClusterData data = cluster->as<ClusterData>();
    data.name = name;
    updateClusterNode(cluster, data);
}

void ClusterTreeModel::setClusterAppearance(const QString &profileId, const QString &colour, const QString &badge)
{
    Node *cluster = clusterNode(profileId);
    if (!cluster)
        return;
    ClusterData data = cluster->as<ClusterData>();
    data.colour = colour;
    data.badge = badge;
    updateClusterNode(cluster, data);
}

void ClusterTreeModel::updateClusterNode(Node *cluster, ClusterData data)
{
    data.health = data.errors.isEmpty() ? 0 : 1;
    for (const auto &categoryNode : cluster->children)
        data.health = std::max(data.health, categoryNode->as<CategoryData>().health);
    if (cluster->as<ClusterData>() == data)
        return;
    cluster->payload = std::move(data);
    Q_EMIT dataChanged(indexOf(cluster, 0), indexOf(cluster, ColumnCount - 1));
}

ClusterTreeModel::Node *ClusterTreeModel::clusterNode(const QString &profileId) const
{
    // A handful of clusters at most: a linear search.
    for (const auto &cluster : m_root->children) {
        if (clusterKey(*cluster) == profileId)
            return cluster.get();
    }
    return nullptr;
}

ClusterTreeModel::Node *ClusterTreeModel::category(Node *cluster, NodeKind kind) const
{
    if (!cluster)
        return nullptr;
    switch (kind) {
    case NodeKind::BrokersCategory:
        return cluster->children[0].get();
    case NodeKind::TopicsCategory:
        return cluster->children[1].get();
    case NodeKind::GroupsCategory:
        return cluster->children[2].get();
    default:
        return nullptr;
    }
}

QModelIndex ClusterTreeModel::clusterIndex(const QString &profileId) const
{
    return indexOf(clusterNode(profileId));
}

QModelIndex ClusterTreeModel::categoryIndex(const QString &profileId, NodeKind kind) const
{
    return indexOf(category(clusterNode(profileId), kind));
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

QModelIndex ClusterTreeModel::brokerIndex(const QString &profileId, qint32 id) const
{
    const Node *brokers = category(clusterNode(profileId), NodeKind::BrokersCategory);
    return brokers ? indexOf(findChildNode(brokers, id, brokerKey)) : QModelIndex();
}

QModelIndex ClusterTreeModel::topicIndex(const QString &profileId, const QString &topic) const
{
    const Node *topics = category(clusterNode(profileId), NodeKind::TopicsCategory);
    return topics ? indexOf(findChildNode(topics, topic, topicKey)) : QModelIndex();
}

QModelIndex ClusterTreeModel::partitionIndex(const QString &profileId, const QString &topic, qint32 partition) const
{
    const Node *topics = category(clusterNode(profileId), NodeKind::TopicsCategory);
    const Node *topicNode = topics ? findChildNode(topics, topic, topicKey) : nullptr;
    return topicNode ? indexOf(findChildNode(topicNode, partition, partitionKey)) : QModelIndex();
}

QModelIndex ClusterTreeModel::groupIndex(const QString &profileId, const QString &groupId) const
{
    const Node *groups = category(clusterNode(profileId), NodeKind::GroupsCategory);
    return groups ? indexOf(findChildNode(groups, groupId, groupKey)) : QModelIndex();
}

ClusterTreeModel::NodeKind ClusterTreeModel::nodeKind(const QModelIndex &index)
{
    return NodeKind(index.data(NodeKindRole).toInt());
}

QString ClusterTreeModel::profileId(const QModelIndex &index)
{
    return index.data(ProfileIdRole).toString();
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
    case K::Cluster: {
        const ClusterData &c = node.as<ClusterData>();
        if (c.badge.isEmpty() || c.state.isEmpty())
            return c.state.isEmpty() ? c.badge : c.state;
        return c.state + sep + c.badge;
    }
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
                       sep + ClusterTreeModel::tr("%1 msgs").arg(formatCount(t.facts.messages));
        if (t.internal)
            text += sep + ClusterTreeModel::tr("internal");
        if (t.facts.leaderless > 0)
            text += sep + ClusterTreeModel::tr("%1 leaderless").arg(t.facts.leaderless);
        else if (t.facts.underReplicated > 0)
            text += sep + ClusterTreeModel::tr("%1 under-replicated").arg(t.facts.underReplicated);
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
        return column == 0 ? QVariant(node.as<TopicData>().name) : QVariant(node.as<TopicData>().facts.messages);
    case K::Partition:
        return column == 0 ? QVariant(node.as<PartitionData>().info.partition)
                           : QVariant(node.as<PartitionData>().info.highWatermark);
    case K::Group:
        return column == 0 ? QVariant(node.as<GroupData>().groupId) : QVariant(node.as<GroupData>().summary.totalLag);
    }
    return {};
}

QString toolTipText(const ClusterTreeModel::Node &node)
{
    using K = ClusterTreeModel::NodeKind;
    switch (node.kind) {
    case K::Cluster: {
        const ClusterData &c = node.as<ClusterData>();
        QStringList lines;
        if (!c.bootstrap.isEmpty())
            lines.append(ClusterTreeModel::tr("Bootstrap servers: %1").arg(c.bootstrap));
        lines += c.errors;
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
    const GroupBadge *badge = nullptr;
    if (node.kind == NodeKind::Group && !m_badges.isEmpty() &&
        (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == HealthRole)) {
        const Node *clusterOfNode = &node;
        while (clusterOfNode->kind != NodeKind::Cluster)
            clusterOfNode = clusterOfNode->parent;
        const auto cluster = m_badges.constFind(clusterOfNode->as<ClusterData>().profileId);
        if (cluster != m_badges.cend()) {
            const auto it = cluster->constFind(node.as<GroupData>().groupId);
            badge = it != cluster->cend() ? &*it : nullptr;
        }
    }
    switch (role) {
    case Qt::DisplayRole: {
        if (index.column() == NameColumn)
            return nameText(node);
        QString details = detailsText(node);
        if (badge && !badge->shortText().isEmpty())
            details += QStringLiteral(" · ") + badge->shortText();
        return details;
    }
    case Qt::ToolTipRole: {
        // The tree usually sits in a narrow pane: the tooltip always carries the full name and details.
        QStringList lines{nameText(node)};
        if (const QString details = data(index.siblingAtColumn(DetailsColumn), Qt::DisplayRole).toString();
            !details.isEmpty())
            lines.append(details);
        if (const QString extra = toolTipText(node); !extra.isEmpty())
            lines.append(extra);
        if (badge) {
            if (!badge->healthReason.isEmpty())
                lines.append(tr("Lag health %1: %2").arg(lagHealthName(badge->health), badge->healthReason));
            if (badge->alert)
                lines.append(tr("Alert: %1").arg(badge->alertText));
            for (const QString &title : badge->findingTitles)
                lines.append(tr("Doctor: %1").arg(title));
        }
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
        return std::max(healthOf(node), badge ? badge->severity() : 0);
    case ProfileIdRole: {
        const Node *cluster = &node;
        while (cluster->kind != NodeKind::Cluster)
            cluster = cluster->parent;
        return cluster->as<ClusterData>().profileId;
    }
    case ClusterColourRole:
        if (node.kind == NodeKind::Cluster && !node.as<ClusterData>().colour.isEmpty())
            return node.as<ClusterData>().colour;
        return {};
    case SortRole:
        return sortValue(node, index.column());
    default:
        return {};
    }
}

void ClusterTreeModel::setBadges(const ClusterBadges &badges)
{
    Node *cluster = clusterNode(badges.profileId);
    if (!cluster)
        return;
    QHash<QString, GroupBadge> &old = m_badges[badges.profileId];
    if (old == badges.groups)
        return;
    const QHash<QString, GroupBadge> before = std::exchange(old, badges.groups);
    // Only the group rows whose badge changed are announced, and neighbouring ones together: the tree may hold
    // thousands of groups, and the first verdicts after a start change all of them at once (one signal, not one per
    // row, which every view and proxy would handle separately).
    const Node *groups = category(cluster, NodeKind::GroupsCategory);
    const qsizetype count = qsizetype(groups->children.size());
    qsizetype runStart = -1;
    for (qsizetype row = 0; row <= count; ++row) {
        bool changed = false;
        if (row < count) {
            const QString &id = groups->children[size_t(row)]->as<GroupData>().groupId;
            const auto a = before.constFind(id);
            const auto b = badges.groups.constFind(id);
            changed = (a == before.cend()) != (b == badges.groups.cend()) || (a != before.cend() && !(*a == *b));
        }
        if (changed && runStart < 0) {
            runStart = row;
        } else if (!changed && runStart >= 0) {
            Q_EMIT dataChanged(indexOf(groups->children[size_t(runStart)].get(), NameColumn),
                               indexOf(groups->children[size_t(row - 1)].get(), DetailsColumn));
            runStart = -1;
        }
    }
}

} // namespace OffsetLens
