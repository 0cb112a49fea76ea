#include "keyeddiff.h"

#include <QRandomGenerator>
#include <QStringList>
#include <QTest>

using namespace OffsetLens;

namespace {
QString rangesText(const QList<KeyedDiff::Range> &ranges)
{
    QStringList parts;
    for (const KeyedDiff::Range &r : ranges)
        parts.append(QStringLiteral("%1+%2").arg(r.first).arg(r.count));
    return parts.join(QLatin1Char(','));
}

QString keptText(const KeyedDiff &diff)
{
    QStringList parts;
    for (const auto &[o, n] : diff.kept)
        parts.append(QStringLiteral("%1>%2").arg(o).arg(n));
    return parts.join(QLatin1Char(','));
}

// Replays the diff on the old list the way a model does and returns the result, which must equal the new list.
QStringList replay(QStringList list, const KeyedDiff &diff, const QStringList &newKeys)
{
    for (auto it = diff.removals.crbegin(); it != diff.removals.crend(); ++it)
        list.remove(it->first, it->count);
    for (const KeyedDiff::Range &r : diff.insertions) {
        for (qsizetype n = r.first; n <= r.last(); ++n)
            list.insert(n, newKeys[n]);
    }
    return list;
}

QStringList keys(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}
} // namespace

class TestKeyedDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diff_data()
    {
        QTest::addColumn<QStringList>("oldKeys");
        QTest::addColumn<QStringList>("newKeys");
        QTest::addColumn<QString>("removals");
        QTest::addColumn<QString>("insertions");
        QTest::addColumn<QString>("kept");

        QTest::newRow("empty to empty") << keys("") << keys("") << QString() << QString() << QString();
        QTest::newRow("empty to full") << keys("") << keys("a b c") << QString() << QStringLiteral("0+3") << QString();
        QTest::newRow("full to empty") << keys("a b c") << keys("") << QStringLiteral("0+3") << QString() << QString();
        QTest::newRow("identical") << keys("a b c") << keys("a b c") << QString() << QString()
                                   << QStringLiteral("0>0,1>1,2>2");
        QTest::newRow("insert at start") << keys("c d") << keys("a b c d") << QString() << QStringLiteral("0+2")
                                         << QStringLiteral("0>2,1>3");
        QTest::newRow("insert in middle")
            << keys("a d") << keys("a b c d") << QString() << QStringLiteral("1+2") << QStringLiteral("0>0,1>3");
        QTest::newRow("insert at end") << keys("a b") << keys("a b c") << QString() << QStringLiteral("2+1")
                                       << QStringLiteral("0>0,1>1");
        QTest::newRow("remove at start") << keys("a b c") << keys("c") << QStringLiteral("0+2") << QString()
                                         << QStringLiteral("2>0");
        QTest::newRow("remove in middle")
            << keys("a b c d") << keys("a d") << QStringLiteral("1+2") << QString() << QStringLiteral("0>0,3>1");
        QTest::newRow("remove at end") << keys("a b c") << keys("a") << QStringLiteral("1+2") << QString()
                                       << QStringLiteral("0>0");
        QTest::newRow("interleaved") << keys("a c e g i") << keys("b c d g h") << QStringLiteral("0+1,2+1,4+1")
                                     << QStringLiteral("0+1,2+1,4+1") << QStringLiteral("1>1,3>3");
        QTest::newRow("replace all") << keys("a b") << keys("c d") << QStringLiteral("0+2") << QStringLiteral("0+2")
                                     << QString();
        QTest::newRow("partitions grow") << keys("p0 p1") << keys("p0 p1 p2 p3") << QString() << QStringLiteral("2+2")
                                         << QStringLiteral("0>0,1>1");
        // Not sorted (the describe order of a group): the key that moved is removed and inserted again.
        QTest::newRow("unsorted move") << keys("x a b") << keys("a b x") << QStringLiteral("0+1")
                                       << QStringLiteral("2+1") << QStringLiteral("1>0,2>1");
        QTest::newRow("unsorted swap keeps longest run") << keys("d c b a") << keys("c d b a") << QStringLiteral("0+1")
                                                         << QStringLiteral("1+1") << QStringLiteral("1>0,2>2,3>3");
    }

    void diff()
    {
        QFETCH(QStringList, oldKeys);
        QFETCH(QStringList, newKeys);
        QFETCH(QString, removals);
        QFETCH(QString, insertions);
        QFETCH(QString, kept);

        const KeyedDiff d = keyedDiff(oldKeys, newKeys);
        QCOMPARE(rangesText(d.removals), removals);
        QCOMPARE(rangesText(d.insertions), insertions);
        QCOMPARE(keptText(d), kept);
        QCOMPARE(replay(oldKeys, d, newKeys), newKeys);
        QCOMPARE(d.changesStructure(), !removals.isEmpty() || !insertions.isEmpty());
    }

    // Random sorted and shuffled lists: replaying the diff always yields the new list, and with sorted lists every
    // common key is kept.
    void randomized()
    {
        QRandomGenerator rng(42);
        for (int round = 0; round < 300; ++round) {
            const bool sorted = round % 2 == 0;
            QStringList oldKeys;
            QStringList newKeys;
            for (int k = 0; k < 40; ++k) {
                const QString key = QStringLiteral("k%1").arg(k, 2, 10, QLatin1Char('0'));
                if (rng.bounded(3) != 0)
                    oldKeys.append(key);
                if (rng.bounded(3) != 0)
                    newKeys.append(key);
            }
            if (!sorted) {
                std::shuffle(oldKeys.begin(), oldKeys.end(), rng);
                std::shuffle(newKeys.begin(), newKeys.end(), rng);
            }
            const KeyedDiff d = keyedDiff(oldKeys, newKeys);
            QCOMPARE(replay(oldKeys, d, newKeys), newKeys);
            for (const auto &[o, n] : d.kept)
                QCOMPARE(oldKeys[o], newKeys[n]);
            if (sorted) {
                qsizetype common = 0;
                for (const QString &k : std::as_const(oldKeys))
                    common += newKeys.contains(k) ? 1 : 0;
                QCOMPARE(d.kept.size(), common);
            }
        }
    }

    void integerKeys()
    {
        const KeyedDiff d = keyedDiff(QList<qint32>{0, 1, 2}, QList<qint32>{0, 2, 3});
        QCOMPARE(rangesText(d.removals), QStringLiteral("1+1"));
        QCOMPARE(rangesText(d.insertions), QStringLiteral("2+1"));
    }
};

QTEST_GUILESS_MAIN(TestKeyedDiff)
#include "tst_keyeddiff.moc"
