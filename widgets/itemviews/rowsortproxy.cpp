#include "rowsortproxy.h"

#include "keyedtablemodel.h"

namespace OffsetLens {

RowSortProxy::RowSortProxy(const KeyedTableModel *rows, int sortRole, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_rows(rows)
    , m_typedRole(sortRole)
{
    setSortRole(sortRole);
}

bool RowSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (sortRole() == m_typedRole && sortCaseSensitivity() == Qt::CaseSensitive && !isSortLocaleAware()) {
        Q_ASSERT(sourceModel() && sourceModel()->rowCount() == m_rows->rowCount());
        if (const std::optional<bool> less = m_rows->rowLessThan(left.row(), right.row(), left.column()))
            return *less;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace OffsetLens
