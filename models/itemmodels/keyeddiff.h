#pragma once

#include <QHash>
#include <QList>

#include <algorithm>
#include <utility>

namespace OffsetLens {

// How to turn a model's old list of row keys into the new one with row removals, row insertions and in-place
// updates, so that rows present in both lists keep their identity (and the views' persistent indexes, selection,
// expansion and scroll position survive a refresh).
struct KeyedDiff
{
    struct Range
    {
        qsizetype first = 0;
        qsizetype count = 0;

        qsizetype last() const { return first + count - 1; }
        friend bool operator==(const Range &, const Range &) = default;
    };

    // Contiguous ranges of the OLD list, ascending. Apply them from the last to the first so indices stay valid.
    QList<Range> removals;
    // Contiguous ranges of the NEW list, ascending. Apply them in order, after all removals: each insertion then
    // lands exactly at its final position.
    QList<Range> insertions;
    // (old index, new index) of rows present in both lists, ascending in both.
    QList<std::pair<qsizetype, qsizetype>> kept;

    bool changesStructure() const { return !removals.isEmpty() || !insertions.isEmpty(); }

    // Builds the diff from a match table: oldToNew[i] is the new index of old row i, or -1 when it is gone.
    // Keys that moved relative to the others (possible only when the lists are not sorted) become a removal plus
    // an insertion; the longest run that kept its relative order stays.
    static KeyedDiff fromMatches(const QList<qsizetype> &oldToNew, qsizetype newCount);
};

// Keys must be unique within each list. Sorted lists (the usual case: snapshots keep their lists sorted) are
// matched with a linear merge; any other order falls back to a hash lookup.
template <typename Key> KeyedDiff keyedDiff(const QList<Key> &oldKeys, const QList<Key> &newKeys)
{
    QList<qsizetype> oldToNew(oldKeys.size(), -1);
    const auto strictlySorted = [](const QList<Key> &keys) {
        return std::adjacent_find(keys.cbegin(), keys.cend(), [](const Key &a, const Key &b) { return !(a < b); }) ==
               keys.cend();
    };
    if (strictlySorted(oldKeys) && strictlySorted(newKeys)) {
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < oldKeys.size() && j < newKeys.size()) {
            if (oldKeys[i] < newKeys[j]) {
                ++i;
            } else if (newKeys[j] < oldKeys[i]) {
                ++j;
            } else {
                oldToNew[i++] = j++;
            }
        }
    } else {
        QHash<Key, qsizetype> newIndex;
        newIndex.reserve(newKeys.size());
        for (qsizetype j = 0; j < newKeys.size(); ++j)
            newIndex.insert(newKeys[j], j);
        for (qsizetype i = 0; i < oldKeys.size(); ++i)
            oldToNew[i] = newIndex.value(oldKeys[i], -1);
    }
    return KeyedDiff::fromMatches(oldToNew, newKeys.size());
}

// Plays a diff into a model, the one mechanism behind every incremental update (table models and the cluster
// tree): remove(first, count) for each removal, last first; insert(first, count) for each insertion, in order;
// then update(newIndex) for every kept row, which replaces the row's value and returns whether it changed; and
// changed(first, last) once per contiguous run of changed rows.
template <typename Remove, typename Insert, typename Update, typename Changed>
void applyKeyedDiff(const KeyedDiff &diff, Remove remove, Insert insert, Update update, Changed changed)
{
    for (auto it = diff.removals.crbegin(); it != diff.removals.crend(); ++it)
        remove(it->first, it->count);
    for (const KeyedDiff::Range &range : diff.insertions)
        insert(range.first, range.count);
    qsizetype runStart = -1;
    qsizetype runEnd = -1;
    for (const auto &kept : diff.kept) {
        const qsizetype row = kept.second;
        if (!update(row))
            continue;
        if (runStart >= 0 && runEnd + 1 != row) {
            changed(runStart, runEnd);
            runStart = -1;
        }
        if (runStart < 0)
            runStart = row;
        runEnd = row;
    }
    if (runStart >= 0)
        changed(runStart, runEnd);
}

} // namespace OffsetLens
