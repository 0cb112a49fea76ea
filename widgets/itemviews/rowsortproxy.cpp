#include "rowsortproxy.h"

#include "keyedtablemodel.h"

#include <QIdentityProxyModel>

namespace OffsetLens {

RowSortProxy::RowSortProxy(const KeyedTableModel *rows, int sortRole, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_rows(rows)
    , m_typedRole(sortRole)
{
    setSortRole(sortRole);
}

void RowSortProxy::setSourceModel(QAbstractItemModel *source)
{
    const QAbstractItemModel *model = source;
    while (const auto *identity = qobject_cast<const QIdentityProxyModel *>(model))
        model = identity->sourceModel();
    m_rowsBelow = model && model == m_rows;
    QSortFilterProxyModel::setSourceModel(source);
}

bool RowSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_rowsBelow && sortRole() == m_typedRole && sortCaseSensitivity() == Qt::CaseSensitive &&
        !isSortLocaleAware()) {
        if (const std::optional<bool> less = m_rows->rowLessThan(left.row(), right.row(), left.column()))
            return *less;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace OffsetLens
