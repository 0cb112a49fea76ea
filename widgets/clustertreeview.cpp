#include "clustertreeview.h"

#include "filterlineedit.h"
#include "healthproxymodel.h"
#include "standardicons.h"

#include <QApplication>
#include <QBrush>
#include <QHash>
#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace OffsetLens {

namespace {
using Kind = ClusterTreeModel::NodeKind;

// The view's one proxy: filters and adds the health text colour and an icon per node kind (problems replace the
// icon with a warning/error sign so they stand out in a collapsed tree too; a cluster whose profile has a colour
// tag shows a swatch of it). A single proxy whose source is the ClusterTreeModel keeps
// view->model()->mapFromSource(modelIndex) working for callers.
//
// Filtering: a node is shown when its name contains the text, when an ancestor's does (a matching topic keeps its
// partitions), or when a descendant's does (a matching group keeps its category and cluster). Qt's recursive
// filtering would build the proxy's mapping of every topic's partitions on each keystroke, 200 ms at 100,000
// partitions; here a node's descendants are searched on the source model, and a topic's partitions only when the
// text could be a partition's name at all ("Partition 12": letters of "partition", a space and digits).
class ClusterTreeProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString &text)
    {
        if (text == m_text)
            return;
        m_text = text;
        const QString partitionLetters = ClusterTreeModel::tr("Partition %1").arg(QStringLiteral("0123456789"));
        m_maybePartition = std::all_of(text.cbegin(), text.cend(),
                                       [&](QChar c) { return partitionLetters.contains(c, Qt::CaseInsensitive); });
        invalidateFilter();
    }
    const QString &text() const { return m_text; }
    // Rows that arrive under a node the filter hid may make it match now: the proxy, not filtering recursively,
    // would not ask again.
    void refilter()
    {
        if (!m_text.isEmpty())
            invalidateFilter();
    }

    // A shown topic has a shown partition wherever its source has one: shown for its own name or an ancestor's, it
    // keeps all its partitions, and shown for a partition's, that one. The base class would instead map every shown
    // topic's partitions to answer (the view asks for each row it draws an arrow for) and then refilter all 100,000
    // of them at every keystroke and re-check them at every refresh. The few other nodes ask the base class.
    bool hasChildren(const QModelIndex &parent) const override
    {
        if (parent.isValid() && parent.column() == 0 &&
            Kind(parent.data(ClusterTreeModel::NodeKindRole).toInt()) == Kind::Topic)
            return sourceModel()->hasChildren(mapToSource(parent));
        return QSortFilterProxyModel::hasChildren(parent);
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        if (m_text.isEmpty())
            return true;
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (matches(index))
            return true;
        for (QModelIndex up = sourceParent; up.isValid(); up = up.parent()) {
            if (matches(up))
                return true;
        }
        return descendantMatches(index);
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::ForegroundRole && role != Qt::DecorationRole)
            return QSortFilterProxyModel::data(index, role);
        const auto kind = Kind(QSortFilterProxyModel::data(index, ClusterTreeModel::NodeKindRole).toInt());
        const int health = QSortFilterProxyModel::data(index, ClusterTreeModel::HealthRole).toInt();
        const bool leaf = kind == Kind::Partition || kind == Kind::Group || kind == Kind::Topic;
        if (role == Qt::ForegroundRole) {
            // The cluster and category rows summarise problems in their details text; colouring them too would
            // paint the whole top of the tree red for one leaderless partition.
            if (!leaf || health <= 0)
                return QSortFilterProxyModel::data(index, role);
            return QBrush(HealthProxyModel::foregroundFor(health, QApplication::palette()));
        }
        if (index.column() != 0)
            return {};
        if (leaf && health == 2)
            return standardIcon(QStyle::SP_MessageBoxCritical);
        if (leaf && health == 1)
            return standardIcon(QStyle::SP_MessageBoxWarning);
        switch (kind) {
        case Kind::Cluster:
            if (const QColor colour(QSortFilterProxyModel::data(index, ClusterTreeModel::ClusterColourRole).toString());
                colour.isValid())
                return swatch(colour);
            return standardIcon(QStyle::SP_DriveNetIcon);
        case Kind::BrokersCategory:
        case Kind::TopicsCategory:
        case Kind::GroupsCategory:
            return standardIcon(QStyle::SP_DirIcon);
        case Kind::Broker:
            return standardIcon(QStyle::SP_ComputerIcon);
        case Kind::Topic:
            return standardIcon(QStyle::SP_FileDialogDetailedView);
        case Kind::Partition:
            return standardIcon(QStyle::SP_FileIcon);
        case Kind::Group:
            return standardIcon(QStyle::SP_FileDialogContentsView);
        }
        return {};
    }

private:
    // A rounded square in the profile's colour with a contrasting outline, so white and black tags show too.
    QIcon swatch(const QColor &colour) const
    {
        const auto it = m_swatches.constFind(colour.rgba());
        if (it != m_swatches.cend())
            return *it;
        const int size = QApplication::style()->pixelMetric(QStyle::PM_SmallIconSize);
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(colour.lightnessF() > 0.5 ? colour.darker(170) : colour.lighter(170), 1));
        painter.setBrush(colour);
        painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3);
        painter.end();
        return *m_swatches.insert(colour.rgba(), QIcon(pixmap));
    }

    bool matches(const QModelIndex &sourceIndex) const
    {
        return sourceIndex.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive);
    }

    bool descendantMatches(const QModelIndex &sourceIndex) const
    {
        const Kind kind = ClusterTreeModel::nodeKind(sourceIndex);
        if (kind == Kind::Broker || kind == Kind::Partition || kind == Kind::Group)
            return false;
        if (kind == Kind::Topic && !m_maybePartition)
            return false;
        const QAbstractItemModel *source = sourceModel();
        const int rows = source->rowCount(sourceIndex);
        for (int row = 0; row < rows; ++row) {
            const QModelIndex child = source->index(row, 0, sourceIndex);
            if (matches(child) || descendantMatches(child))
                return true;
        }
        return false;
    }

    mutable QHash<QRgb, QIcon> m_swatches; // a handful of clusters: never pruned
    QString m_text;
    bool m_maybePartition = false; // the text could be part of a partition's name
};
} // namespace

ClusterTreeView::ClusterTreeView(ClusterTreeModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new ClusterTreeProxy(this))
    , m_filterEdit(new FilterLineEdit(tr("Filter (Ctrl+F)…"), this))
    , m_tree(new QTreeView(this))
{
    m_filter->setSourceModel(model);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setFilterKeyColumn(ClusterTreeModel::NameColumn);
    m_filter->setSortRole(ClusterTreeModel::SortRole);

    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true); // 10,000 partitions: lets the view skip measuring every row
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(ClusterTreeModel::NameColumn, QHeaderView::Interactive);
    m_tree->header()->resizeSection(ClusterTreeModel::NameColumn, 280);
    m_filterEdit->setTarget(m_tree);
    setFocusProxy(m_tree);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_tree);

    connect(m_filterEdit, &QLineEdit::textChanged, this, &ClusterTreeView::applyFilter);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &under) {
        // A new topic or group may match the filter where its category did not before.
        if (!under.isValid() || ClusterTreeModel::nodeKind(under) != Kind::Topic)
            refilterKeepingPanels([this] { static_cast<ClusterTreeProxy *>(m_filter)->refilter(); });
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (m_filtering)
            return;
        const QModelIndex source = toSource(current);
        if (source.isValid()) {
            m_shown = source.siblingAtColumn(0);
            Q_EMIT selectionChanged(ClusterTreeModel::nodeKind(source), source.siblingAtColumn(0));
        }
    });
    // A cluster's node and categories exist before its first refresh; once items arrive under a category that is
    // still collapsed (the first refresh, or a filter that was cleared), open it. A newly opened cluster is shown
    // expanded down to its categories.
    connect(m_filter, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parentIndex, int first, int last) {
                if (!parentIndex.isValid()) {
                    for (int row = first; row <= last; ++row)
                        expandCluster(m_filter->index(row, 0));
                    return;
                }
                if (ClusterTreeModel::nodeKind(parentIndex) != Kind::Cluster &&
                    ClusterTreeModel::nodeKind(parentIndex.parent()) == Kind::Cluster)
                    m_tree->expand(parentIndex);
            });
    expandDefaults();
}

QModelIndex ClusterTreeView::toSource(const QModelIndex &viewIndex) const
{
    return m_filter->mapToSource(viewIndex);
}

QModelIndex ClusterTreeView::fromSource(const QModelIndex &sourceIndex) const
{
    return m_filter->mapFromSource(sourceIndex);
}

QModelIndex ClusterTreeView::currentSourceIndex() const
{
    return toSource(m_tree->currentIndex()).siblingAtColumn(0);
}

void ClusterTreeView::selectSourceIndex(const QModelIndex &sourceIndex)
{
    QModelIndex viewIndex = fromSource(sourceIndex);
    if (!viewIndex.isValid() && !m_filterEdit->text().isEmpty()) {
        m_filterEdit->clear(); // the item is filtered out: show everything again
        viewIndex = fromSource(sourceIndex);
    }
    if (!viewIndex.isValid())
        return;
    for (QModelIndex p = viewIndex.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(viewIndex);
    m_tree->scrollTo(viewIndex);
}

void ClusterTreeView::expandCluster(const QModelIndex &viewIndex)
{
    m_tree->expand(viewIndex);
    for (int row = 0; row < m_filter->rowCount(viewIndex); ++row)
        m_tree->expand(m_filter->index(row, 0, viewIndex));
}

void ClusterTreeView::expandDefaults()
{
    for (int row = 0; row < m_filter->rowCount(); ++row)
        expandCluster(m_filter->index(row, 0));
}

void ClusterTreeView::refilterKeepingPanels(const std::function<void()> &change)
{
    if (m_filtering) {
        change();
        return;
    }
    m_filtering = true;
    change();
    // What the panels show is current again wherever the filter shows it (also once a filter that hid it is
    // cleared); hidden, nothing is.
    const QModelIndex shown = m_shown.isValid() ? fromSource(m_shown) : QModelIndex();
    if (shown.isValid()) {
        if (m_tree->currentIndex() != shown)
            m_tree->setCurrentIndex(shown);
    } else if (m_shown.isValid()) {
        m_tree->selectionModel()->clear();
    }
    m_filtering = false;
}

void ClusterTreeView::applyFilter(const QString &text)
{
    refilterKeepingPanels([this, &text] { static_cast<ClusterTreeProxy *>(m_filter)->setText(text); });
    if (text.isEmpty()) {
        expandDefaults();
    } else {
        // Show every match. Children of a matching item stay visible (auto-accept) but collapsed; an item that is
        // only there because a child matched (a topic whose partition matched) is opened.
        expandDefaults();
        for (const QString &cluster : m_model->clusterIds()) {
            const QModelIndex topics = fromSource(m_model->categoryIndex(cluster, Kind::TopicsCategory));
            for (int row = 0; row < m_filter->rowCount(topics); ++row) {
                const QModelIndex topic = m_filter->index(row, 0, topics);
                if (!topic.data().toString().contains(text, Qt::CaseInsensitive))
                    m_tree->expand(topic);
            }
        }
    }
    const QModelIndex current = m_tree->currentIndex();
    if (current.isValid())
        m_tree->scrollTo(current);
}

void ClusterTreeView::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void ClusterTreeView::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
}

QByteArray ClusterTreeView::saveState() const
{
    return m_tree->header()->saveState();
}

bool ClusterTreeView::restoreState(const QByteArray &state)
{
    return m_tree->header()->restoreState(state);
}

} // namespace OffsetLens
