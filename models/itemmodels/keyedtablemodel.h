#pragma once

#include "keyeddiff.h"

#include <QAbstractTableModel>

#include <functional>

namespace OffsetLens {

// Base of the snapshot-backed table models: rows are identified by a key, and a refresh is applied as row
// removals, row insertions and dataChanged for rows whose values changed, never as a reset.
class KeyedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // Replaces keys/rows by newKeys/newRows. same(a, b) tells whether a row's values are unchanged. Emits one
    // dataChanged per contiguous run of changed rows, covering all columns.
    template <typename Key, typename Row, typename Same = std::equal_to<>>
    void applyKeyedRows(QList<Key> &keys, QList<Row> &rows, const QList<Key> &newKeys, const QList<Row> &newRows,
                        Same same = Same())
    {
        applyKeyedDiff(
            keyedDiff(keys, newKeys),
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
                if (same(rows[row], newRows[row]))
                    return false;
                rows[row] = newRows[row];
                return true;
            },
            [&](qsizetype first, qsizetype last) {
                Q_EMIT dataChanged(index(int(first), 0), index(int(last), columnCount() - 1));
            });
    }

    // Showing a different item (another topic, another group) is a reset: views must not carry selections across.
    // A refresh of the same item is applied as a keyed diff, so selections and scroll positions survive.
    template <typename Key, typename Row>
    void replaceRows(QList<Key> &keys, QList<Row> &rows, const QList<Key> &newKeys, const QList<Row> &newRows,
                     bool otherItem)
    {
        if (!otherItem) {
            applyKeyedRows(keys, rows, newKeys, newRows);
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
