#pragma once

#include <QSortFilterProxyModel>

namespace OffsetLens {

class KeyedTableModel;

// A sort and filter proxy that orders rows by asking the keyed table under it to compare two rows directly
// (KeyedTableModel::rowLessThan) instead of through data(): sorting a group's 10,000 partitions by a column made
// about 130,000 comparisons, each building two QVariants through two proxies. Used only where that order is the
// one the base class would give: sorting by `sortRole`, case-sensitive and not locale-aware; otherwise, and for
// columns the model does not compare itself, the base class sorts.
class RowSortProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    // `rows` is the model at the bottom of the identity proxies under this one, so that a row number of this
    // proxy's source is a row number of `rows` (setSourceModel checks it).
    RowSortProxy(const KeyedTableModel *rows, int sortRole, QObject *parent = nullptr);

    // Checks that only identity proxies lie between the new source and `rows`; if not, every comparison goes
    // through data().
    void setSourceModel(QAbstractItemModel *source) override;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const KeyedTableModel *m_rows;
    int m_typedRole;
    bool m_rowsBelow = false; // the source's row numbers are m_rows's
};

} // namespace OffsetLens
