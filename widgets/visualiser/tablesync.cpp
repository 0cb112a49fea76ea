#include "tablesync.h"

#include "offsetvisualiser.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

namespace OffsetLens {

TableSync::TableSync(QAbstractItemView *view, OffsetVisualiser *visualiser, PartitionOf partitionOf)
    : QObject(visualiser)
    , m_view(view)
    , m_visualiser(visualiser)
    , m_partitionOf(std::move(partitionOf))
{
    QAbstractItemModel *model = view->model();
    // Any change of rows or their order: sorting and filtering lay the proxy out again, refreshes insert and remove.
    // A refresh inserts and removes rows in many small batches: read the order once, after the last of them.
    const auto later = [this] {
        if (!m_orderQueued) {
            m_orderQueued = true;
            QMetaObject::invokeMethod(this, &TableSync::syncOrder, Qt::QueuedConnection);
        }
    };
    connect(model, &QAbstractItemModel::layoutChanged, this, later);
    connect(model, &QAbstractItemModel::modelReset, this, later);
    connect(model, &QAbstractItemModel::rowsInserted, this, later);
    connect(model, &QAbstractItemModel::rowsRemoved, this, later);
    connect(model, &QAbstractItemModel::rowsMoved, this, later);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TableSync::syncSelection);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TableSync::syncCurrent);
    connect(visualiser, &OffsetVisualiser::currentPartitionChanged, this, &TableSync::selectInTable);
    syncOrder();
}

void TableSync::syncOrder()
{
    m_orderQueued = false;
    const QAbstractItemModel *model = m_view->model();
    QList<TopicPartition> order;
    order.reserve(model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row)
        order.append(m_partitionOf(model->index(row, 0)));
    m_visualiser->setLaneOrder(order);
    syncSelection();
}

void TableSync::syncSelection()
{
    QList<TopicPartition> selected;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        selected.append(m_partitionOf(index));
    m_visualiser->setSelectedPartitions(selected);
}

void TableSync::syncCurrent()
{
    if (m_selecting)
        return;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (current.isValid())
        m_visualiser->setCurrentPartition(m_partitionOf(current));
}

void TableSync::selectInTable(const TopicPartition &tp)
{
    const QAbstractItemModel *model = m_view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (m_partitionOf(index) == tp) {
            m_selecting = true;
            m_view->selectionModel()->setCurrentIndex(index,
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            m_selecting = false;
            return;
        }
    }
}

} // namespace OffsetLens
