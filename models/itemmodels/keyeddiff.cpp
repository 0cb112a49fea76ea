#include "keyeddiff.h"

namespace OffsetLens {

namespace {
// Appends index to the last range when it continues it, otherwise starts a new range.
void extend(QList<KeyedDiff::Range> &ranges, qsizetype index)
{
    if (!ranges.isEmpty() && ranges.last().first + ranges.last().count == index)
        ++ranges.last().count;
    else
        ranges.append({index, 1});
}

// Old indices (into oldToNew) forming the longest subsequence whose new indices increase: those rows keep their
// place, every other match is a move. O(n log n) patience method.
QList<qsizetype> longestIncreasingRun(const QList<qsizetype> &oldToNew)
{
    QList<qsizetype> tails; // tails[k]: old index ending the best run of length k + 1
    QList<qsizetype> previous(oldToNew.size(), -1);
    for (qsizetype i = 0; i < oldToNew.size(); ++i) {
        const qsizetype value = oldToNew[i];
        if (value < 0)
            continue;
        const auto pos = std::lower_bound(tails.cbegin(), tails.cend(), value,
                                          [&](qsizetype oldIndex, qsizetype v) { return oldToNew[oldIndex] < v; });
        const qsizetype k = pos - tails.cbegin();
        if (k > 0)
            previous[i] = tails[k - 1];
        if (k == tails.size())
            tails.append(i);
        else
            tails[k] = i;
    }
    QList<qsizetype> run(tails.size());
    qsizetype at = tails.isEmpty() ? -1 : tails.last();
    for (qsizetype k = run.size() - 1; k >= 0; --k) {
        run[k] = at;
        at = previous[at];
    }
    return run;
}
} // namespace

KeyedDiff KeyedDiff::fromMatches(const QList<qsizetype> &oldToNew, qsizetype newCount)
{
    KeyedDiff diff;
    QList<bool> oldKept(oldToNew.size(), false);
    QList<bool> newKept(newCount, false);

    bool monotonic = true;
    qsizetype lastNew = -1;
    for (const qsizetype n : oldToNew) {
        if (n < 0)
            continue;
        if (n <= lastNew) {
            monotonic = false;
            break;
        }
        lastNew = n;
    }

    const auto keep = [&](qsizetype oldIndex) {
        oldKept[oldIndex] = true;
        newKept[oldToNew[oldIndex]] = true;
        diff.kept.append({oldIndex, oldToNew[oldIndex]});
    };
    if (monotonic) {
        for (qsizetype i = 0; i < oldToNew.size(); ++i) {
            if (oldToNew[i] >= 0)
                keep(i);
        }
    } else {
        for (const qsizetype i : longestIncreasingRun(oldToNew))
            keep(i);
    }

    for (qsizetype i = 0; i < oldKept.size(); ++i) {
        if (!oldKept[i])
            extend(diff.removals, i);
    }
    for (qsizetype j = 0; j < newKept.size(); ++j) {
        if (!newKept[j])
            extend(diff.insertions, j);
    }
    return diff;
}

} // namespace OffsetLens
