#pragma once

#include "snapshot.h"

#include <QObject>

#include <functional>

class QAbstractItemView;
class QModelIndex;

namespace OffsetLens {

class OffsetVisualiser;

// Keeps a visualiser's lanes in the order, filter and selection of the partition table beside it, and the table's
// current row on the lane the user moves to in the plot. `partitionOf` reads a row's partition from the view's model.
class TableSync : public QObject
{
    Q_OBJECT
public:
    using PartitionOf = std::function<TopicPartition(const QModelIndex &index)>;
    TableSync(QAbstractItemView *view, OffsetVisualiser *visualiser, PartitionOf partitionOf);

    // Re-reads the order (after the model changed under a sort or filter that did not announce it).
    void syncOrder();

private:
    void syncSelection();
    void syncCurrent();
    void selectInTable(const TopicPartition &tp);

    QAbstractItemView *m_view;
    OffsetVisualiser *m_visualiser;
    PartitionOf m_partitionOf;
    bool m_selecting = false;
    bool m_orderQueued = false;
};

} // namespace OffsetLens
