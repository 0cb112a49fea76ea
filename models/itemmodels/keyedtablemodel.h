#pragma once

#include "keyeddiff.h"

#include <QAbstractTableModel>

#include <functional>
#include <optional>

namespace OffsetLens {

// Base of the snapshot-backed table models: rows are identified by a key, and a refresh is applied as row
// removals, row insertions and dataChanged for rows whose values changed, never as a reset.
class KeyedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    // Every keyed table answers this per cell: when the value shown was read (ms since the epoch), where a refresh
    // could not read it and an earlier one's value is shown instead (carryForward); 0 or no value: read now. The
    // widgets draw such cells as stale.
    static constexpr int CarriedFromRole = Qt::UserRole + 100;

    // Whether row leftRow comes before row rightRow by column, compared directly on the rows' values, for a sort
    // proxy (RowSortProxy) that would otherwise build two QVariants per comparison. A model that overrides it gives
    // exactly the order its sort role's values give under QSortFilterProxyModel's default comparison
    // (case-sensitive, not locale-aware); nullopt where it does not compare a column itself.
    virtual std::optional<bool> rowLessThan(int leftRow, int rightRow, int column) const
    {
        Q_UNUSED(leftRow)
        Q_UNUSED(rightRow)
        Q_UNUSED(column)
        return std::nullopt;
    }

protected:
    // Replaces keys/rows by newKeys/newRows. same(a, b) tells whether a row shows the same as before (by default:
    // its values are equal). Every kept row takes its new value, shared with the new list (so the old copy is
    // freed, and a row that shows the same but differs in what the view does not draw is current); one dataChanged
    // is emitted per contiguous run of rows that show something new, covering all columns.
    // maxRanges >= 0: a diff of more removed and inserted ranges than that is applied as one reset instead (each
    // range costs the proxies and the view a pass over all rows; the view then loses its selection).
    template <typename Key, typename Row, typename Same = std::equal_to<>>
    void applyKeyedRows(QList<Key> &keys, QList<Row> &rows, const QList<Key> &newKeys, const QList<Row> &newRows,
                        Same same = Same(), qsizetype maxRanges = -1)
    {
        KeyedDiff diff = keyedDiff(keys, newKeys);
        if (maxRanges >= 0 && diff.removals.size() + diff.insertions.size() > maxRanges) {
            beginResetModel();
            keys = newKeys;
            rows = newRows;
            endResetModel();
            return;
        }
        applyKeyedDiff(
            std::move(diff),
            [&](qsizetype first, qsizetype count) {
                beginRemoveRows(QModelIndex(), int(first), int(first + count - 1));
                keys.remove(first, count);
                rows.remove(first, count);
                endRemoveRows();
            },
            [&](qsizetype first, qsizetype count) {
                beginInsertRows(QModelIndex(), int(first), int(first + count - 1));
                keys.insert(first, count, Key());
                rows.insert(first, count, Row());
                for (qsizetype n = first; n < first + count; ++n) {
                    keys[n] = newKeys[n];
                    rows[n] = newRows[n];
                }
                endInsertRows();
            },
            [&](qsizetype row) {
                const bool unchanged = same(rows[row], newRows[row]);
                rows[row] = newRows[row];
                return !unchanged;
            },
            [&](qsizetype first, qsizetype last) {
                Q_EMIT dataChanged(index(int(first), 0), index(int(last), columnCount() - 1));
            });
    }

    // Showing a different item (another topic, another group) is a reset: views must not carry selections across.
    // A refresh of the same item is applied as a keyed diff, so selections and scroll positions survive.
    template <typename Key, typename Row, typename Same = std::equal_to<>>
    void replaceRows(QList<Key> &keys, QList<Row> &rows, const QList<Key> &newKeys, const QList<Row> &newRows,
                     bool otherItem, Same same = Same(), qsizetype maxRanges = -1)
    {
        if (!otherItem) {
            applyKeyedRows(keys, rows, newKeys, newRows, same, maxRanges);
            return;
        }
        beginResetModel();
        keys = newKeys;
        rows = newRows;
        endResetModel();
    }

    // Right-aligned numbers, left-aligned text: Qt::TextAlignmentRole for a numeric column.
    static QVariant alignment(bool numeric)
    {
        // An int, not a Qt::Alignment: every Qt 6 delegate and proxy reads it that way.
        return numeric ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    }
};

} // namespace OffsetLens
