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
    // `rows` is the model at the bottom of the proxies under this one, which must all be identity proxies: a row
    // number of this proxy's source is a row number of `rows`.
    RowSortProxy(const KeyedTableModel *rows, int sortRole, QObject *parent = nullptr);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const KeyedTableModel *m_rows;
    int m_typedRole;
};

} // namespace OffsetLens
