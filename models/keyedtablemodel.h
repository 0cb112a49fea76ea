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
        const KeyedDiff diff = keyedDiff(keys, newKeys);
        for (auto it = diff.removals.crbegin(); it != diff.removals.crend(); ++it) {
            beginRemoveRows(QModelIndex(), int(it->first), int(it->last()));
            keys.remove(it->first, it->count);
            rows.remove(it->first, it->count);
            endRemoveRows();
        }
        for (const KeyedDiff::Range &range : diff.insertions) {
            beginInsertRows(QModelIndex(), int(range.first), int(range.last()));
            keys.insert(range.first, range.count, Key());
            rows.insert(range.first, range.count, Row());
            for (qsizetype n = range.first; n <= range.last(); ++n) {
                keys[n] = newKeys[n];
                rows[n] = newRows[n];
            }
            endInsertRows();
        }
        qsizetype runStart = -1;
        qsizetype runEnd = -1;
        const auto flush = [&] {
            if (runStart >= 0)
                Q_EMIT dataChanged(index(int(runStart), 0), index(int(runEnd), columnCount() - 1));
            runStart = -1;
        };
        for (const auto &[oldIndex, newIndex] : diff.kept) {
            Q_UNUSED(oldIndex);
            if (same(rows[newIndex], newRows[newIndex]))
                continue;
            rows[newIndex] = newRows[newIndex];
            if (runStart >= 0 && runEnd + 1 != newIndex)
                flush();
            if (runStart < 0)
                runStart = newIndex;
            runEnd = newIndex;
        }
        flush();
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
