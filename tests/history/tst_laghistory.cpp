#include "../models/testsnapshots.h"
#include "historythreads.h"
#include "laghistorydatabase.h"
#include "laghistorystore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <chrono>
#include <vector>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;
using namespace std::chrono_literals;

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kHour = 3600 * kSecond;
constexpr qint64 kDay = 24 * kHour;

// A small cluster whose offsets depend on `step`, taken at `timeMs`.
ClusterSnapshot snapshotAt(qint64 timeMs, qint64 step)
{
    ClusterSnapshot s = base(quint64(step));
    s.takenAt = QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC);
    s.topics = {topic(QStringLiteral("orders"), {partition(0, 10, 100 + step), partition(1, 20, 200 + 2 * step)}),
                topic(QStringLiteral("payments"), {partition(0, 0, 50 + step)})};
    s.groups = {
        group(QStringLiteral("billing"), GroupState::Stable,
              {committed(QStringLiteral("orders"), 0, 90 + step), committed(QStringLiteral("orders"), 1, 150 + step),
               committed(QStringLiteral("payments"), 0, 40)},
              {member(QStringLiteral("m1"), QStringLiteral("c1"), QStringLiteral("/10.0.0.1"), {})}),
        group(QStringLiteral("replay"), GroupState::Empty, {committed(QStringLiteral("payments"), 0, step)}),
    };
    return s;
}

// One group with one partition, for series of many samples.
GroupSample tinySample(const QString &groupId, qint64 timeMs, const QString &topicName = QStringLiteral("t"))
{
    GroupSample sample;
    sample.groupId = groupId;
    sample.timeMs = timeMs;
    sample.state = GroupState::Stable;
    sample.partitions = {PartitionSample{{topicName, 0}, timeMs / 1000, timeMs / 1000 + 3, 0}};
    return sample;
}

QList<qint64> timesOf(const GroupHistory &history)
{
    QList<qint64> times;
    for (const GroupSample &s : history.samples)
        times.append(s.timeMs);
    return times;
}

// A second connection to the same file, as another program would hold it.
class SideConnection
{
public:
    explicit SideConnection(const QString &path)
        : m_name(QStringLiteral("side-%1").arg(quintptr(this)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~SideConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_ok; }

    QVariant exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        query.prepare(sql);
        for (const QVariant &v : values)
            query.addBindValue(v);
        if (!query.exec()) {
            qWarning() << sql << query.lastError().text();
            return QStringLiteral("error");
        }
        return query.next() ? query.value(0) : QVariant();
    }

private:
    QString m_name;
    bool m_ok = false;
};

// The store's thread handles requests in order: once a load posted now is answered, everything posted before it
// (writes, the maintenance after opening) is done.
bool waitUntilIdle(LagHistoryStore &store)
{
    QSignalSpy loaded(&store, &LagHistoryStore::loaded);
    const quint64 id = store.load(QStringLiteral("no such group"), 0, 0);
    return QTest::qWaitFor([&] { return !loaded.isEmpty() && loaded.last().at(0).toULongLong() == id; }, 20000);
}

QStringList damagedCopies(const QString &path)
{
    const QFileInfo info(path);
    return info.dir().entryList({info.fileName() + QStringLiteral(".damaged-*")}, QDir::Files);
}

} // namespace

class TestLagHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_fileNumber = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("sub/dir/cluster-%1.sqlite").arg(++m_fileNumber)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void cleanupTestCase() { QVERIFY(HistoryThreads::waitForIdle(20s)); }

    void recordAndLoad()
    {
        const QString path = newPath();
        LagHistoryDatabase db;
        const HistoryOpenResult opened = db.open(path);
        QVERIFY(opened.ok);
        QVERIFY(opened.fresh);
        QCOMPARE(opened.path, path);
        QVERIFY2(opened.message.isEmpty(), qPrintable(opened.message));
        QVERIFY(QFileInfo::exists(path)); // the folders were made

        const qint64 t0 = 1700000000000LL;
        QList<GroupSample> expectedBilling;
        for (int step = 0; step < 5; ++step) {
            const QList<GroupSample> samples = samplesFromSnapshot(snapshotAt(t0 + step * 5 * kSecond, step));
            QCOMPARE(samples.size(), 2);
            QString error;
            QVERIFY2(db.record(samples, &error), qPrintable(error));
            expectedBilling.append(samples.at(0));
        }
        QCOMPARE(db.groups(), (QStringList{QStringLiteral("billing"), QStringLiteral("replay")}));
        QCOMPARE(db.timeRange(QStringLiteral("billing")), std::make_pair(t0, t0 + 20 * kSecond));
        QCOMPARE(db.timeRange(QStringLiteral("nobody")), std::make_pair(qint64(0), qint64(0)));

        const GroupHistory all = db.load(QStringLiteral("billing"), 0, t0 + kDay);
        QVERIFY2(all.error.isEmpty(), qPrintable(all.error));
        QCOMPARE(all.groupId, QStringLiteral("billing"));
        QCOMPARE(all.samples, expectedBilling);
        QCOMPARE(all.samples.at(3).partitions.at(1).committed, 153);
        QCOMPARE(all.samples.at(3).partitions.at(1).highWatermark, 206);
        QCOMPARE(all.samples.at(3).partitions.at(1).logStartOffset, 20);
        QVERIFY(all.samples.at(0).hasMembers);

        // Bounds are inclusive.
        const GroupHistory middle = db.load(QStringLiteral("billing"), t0 + 5 * kSecond, t0 + 15 * kSecond);
        QCOMPARE(timesOf(middle), (QList<qint64>{t0 + 5 * kSecond, t0 + 10 * kSecond, t0 + 15 * kSecond}));
        QVERIFY(db.load(QStringLiteral("nobody"), 0, t0 + kDay).samples.isEmpty());

        // A refresh taken at the same instant again replaces the row rather than doubling it.
        QVERIFY(db.record(samplesFromSnapshot(snapshotAt(t0, 99))));
        const GroupHistory replay = db.load(QStringLiteral("replay"), t0, t0);
        QCOMPARE(replay.samples.size(), 1);
        QCOMPARE(replay.samples.at(0).partitions.at(0).committed, 99);
        QVERIFY(db.fileSizeBytes() > 0);
    }

    void restartKeepsHistory()
    {
        const QString path = newPath();
        const qint64 t0 = 1700000000000LL;
        QList<GroupSample> recorded;
        {
            LagHistoryDatabase db;
            QVERIFY(db.open(path).ok);
            for (int step = 0; step < 3; ++step) {
                const QList<GroupSample> samples = samplesFromSnapshot(snapshotAt(t0 + step * kSecond, step));
                QVERIFY(db.record(samples));
                recorded.append(samples.at(1));
            }
        }
        LagHistoryDatabase db;
        const HistoryOpenResult reopened = db.open(path);
        QVERIFY(reopened.ok);
        QVERIFY(!reopened.fresh);
        QVERIFY(reopened.message.isEmpty());
        QCOMPARE(db.load(QStringLiteral("replay"), 0, t0 + kDay).samples, recorded);
        // And it keeps writing: a group new since the restart gets an id of its own.
        GroupSample extra = tinySample(QStringLiteral("newcomer"), t0 + 10 * kSecond);
        QVERIFY(db.record({extra}));
        QCOMPARE(db.load(QStringLiteral("newcomer"), 0, t0 + kDay).samples, QList<GroupSample>{extra});
        QCOMPARE(db.load(QStringLiteral("replay"), 0, t0 + kDay).samples.size(), 3);
    }

    void topicsAreKeptApartFromGroups()
    {
        LagHistoryDatabase db;
        QVERIFY(db.open(newPath()).ok);
        const qint64 t0 = 1700000000000LL;
        for (int step = 0; step < 3; ++step) {
            const ClusterSnapshot snapshot = snapshotAt(t0 + step * 5 * kSecond, step);
            QString error;
            QVERIFY2(db.record(samplesFromSnapshot(snapshot), topicSamplesFromSnapshot(snapshot), &error),
                     qPrintable(error));
        }
        // A group named like a topic: two histories, never mixed.
        QVERIFY(db.record({tinySample(QStringLiteral("orders"), t0)}));
        QCOMPARE(db.topics(), (QStringList{QStringLiteral("orders"), QStringLiteral("payments")}));
        QCOMPARE(db.groups(),
                 (QStringList{QStringLiteral("billing"), QStringLiteral("orders"), QStringLiteral("replay")}));
        const GroupHistory orders = db.load(QStringLiteral("orders"), 0, t0 + kDay, HistorySubject::Topic);
        QCOMPARE(orders.subject, HistorySubject::Topic);
        QCOMPARE(timesOf(orders), (QList<qint64>{t0, t0 + 5 * kSecond, t0 + 10 * kSecond}));
        QCOMPARE(orders.samples.at(2).partitions,
                 (QList<PartitionSample>{{{QStringLiteral("orders"), 0}, kNoOffset, 102, 10},
                                         {{QStringLiteral("orders"), 1}, kNoOffset, 204, 20}}));
        QCOMPARE(db.load(QStringLiteral("orders"), 0, t0 + kDay).samples.size(), 1); // the group's
        QCOMPARE(db.timeRange(QStringLiteral("payments"), HistorySubject::Topic),
                 std::make_pair(t0, t0 + 10 * kSecond));
        QCOMPARE(db.timeRange(QStringLiteral("payments")), std::make_pair(qint64(0), qint64(0)));

        // Retention applies to topics too.
        QVERIFY(db.maintain(t0 + 30 * kDay, RetentionPolicy{}) > 0);
        QVERIFY(db.topics().isEmpty());
        QVERIFY(db.load(QStringLiteral("orders"), 0, t0 + kDay, HistorySubject::Topic).samples.isEmpty());
    }

    void recentSamplesForTheMonitor()
    {
        LagHistoryDatabase db;
        QVERIFY(db.open(newPath()).ok);
        const qint64 t0 = 1700000000000LL;
        QVERIFY(db.recentGroupSamples(0, 10).isEmpty());
        for (int step = 0; step < 5; ++step)
            QVERIFY(db.record(samplesFromSnapshot(snapshotAt(t0 + step * 5 * kSecond, step))));
        const QList<GroupSample> recent = db.recentGroupSamples(t0, 3);
        QCOMPARE(recent.size(), 6); // the newest three refreshes of both groups
        QList<qint64> times;
        for (const GroupSample &s : recent)
            times.append(s.timeMs);
        QCOMPARE(times, (QList<qint64>{t0 + 10 * kSecond, t0 + 10 * kSecond, t0 + 15 * kSecond, t0 + 15 * kSecond,
                                       t0 + 20 * kSecond, t0 + 20 * kSecond}));
        QCOMPARE(db.recentGroupSamples(t0 + 16 * kSecond, 10).size(), 2); // nothing older than asked
        QVERIFY(db.recentGroupSamples(t0 + kDay, 10).isEmpty());
    }

    void aVersionOneFileIsUpgraded()
    {
        const QString path = newPath();
        const qint64 t0 = 1700000000000LL;
        {
            LagHistoryDatabase db;
            QVERIFY(db.open(path).ok);
            QVERIFY(db.record(samplesFromSnapshot(snapshotAt(t0, 1))));
        }
        {
            // What version 1 left: no topic tables.
            SideConnection side(path);
            QVERIFY(side.isOpen());
            side.exec(QStringLiteral("DROP TABLE topic_samples"));
            side.exec(QStringLiteral("DROP TABLE topics"));
            side.exec(QStringLiteral("PRAGMA user_version=1"));
        }
        LagHistoryDatabase db;
        const HistoryOpenResult reopened = db.open(path);
        QVERIFY(reopened.ok);
        QVERIFY(!reopened.fresh);
        QVERIFY2(reopened.message.isEmpty(), qPrintable(reopened.message));
        QCOMPARE(db.load(QStringLiteral("billing"), 0, t0 + kDay).samples.size(), 1);
        const ClusterSnapshot next = snapshotAt(t0 + kSecond, 2);
        QVERIFY(db.record(samplesFromSnapshot(next), topicSamplesFromSnapshot(next)));
        QCOMPARE(db.topics().size(), 2);
    }

    void maintainDownsamplesAndExpires()
    {
        const QString path = newPath();
        LagHistoryDatabase db;
        QVERIFY(db.open(path).ok);
        const qint64 now = 1800000000000LL; // the fake "now" maintain() is given
        const RetentionPolicy policy;

        // "busy": every 5 s over the last 3 hours, every 20 s from 3 h to 2 days back, and a few samples past
        // the 7-day retention. "gone": only samples past retention, with a layout nobody else uses.
        QList<qint64> times;
        for (qint64 t = now - 8 * kDay; t < now - 7 * kDay - kHour; t += 600 * kSecond)
            times.append(t);
        for (qint64 t = now - 2 * kDay; t < now - 3 * kHour; t += 20 * kSecond)
            times.append(t);
        for (qint64 t = now - 3 * kHour; t <= now; t += 5 * kSecond)
            times.append(t);
        QList<GroupSample> batch;
        for (const qint64 t : std::as_const(times)) {
            batch.append(tinySample(QStringLiteral("busy"), t));
            if (t < now - 7 * kDay)
                batch.append(tinySample(QStringLiteral("gone"), t, QStringLiteral("retired-topic")));
            if (batch.size() >= 500) {
                QVERIFY(db.record(batch));
                batch.clear();
            }
        }
        QVERIFY(db.record(batch));
        SideConnection side(path);
        QVERIFY(side.isOpen());
        QCOMPARE(side.exec(QStringLiteral("SELECT COUNT(*) FROM layouts")).toInt(), 2);

        const QList<qsizetype> keep = samplesToKeep(times, now, policy);
        const qsizetype goneCount =
            std::count_if(times.cbegin(), times.cend(), [&](qint64 t) { return t < now - 7 * kDay; });
        QString error;
        const qint64 removed = db.maintain(now, policy, &error);
        QVERIFY2(removed >= 0, qPrintable(error));
        QCOMPARE(removed, qint64(times.size() - keep.size() + goneCount));

        QList<qint64> expected;
        for (const qsizetype i : keep)
            expected.append(times.at(i));
        const GroupHistory busy = db.load(QStringLiteral("busy"), 0, now);
        QCOMPARE(timesOf(busy), expected);
        // What the policy means, checked on the result: nothing past retention, every sample of the last hour,
        // and fewer than a quarter of the rest.
        QVERIFY(expected.first() >= now - 7 * kDay);
        QCOMPARE(std::count_if(expected.cbegin(), expected.cend(), [&](qint64 t) { return t >= now - kHour; }),
                 std::count_if(times.cbegin(), times.cend(), [&](qint64 t) { return t >= now - kHour; }));
        QVERIFY(expected.size() < times.size() / 4);
        // The expired group and its layout are gone too.
        QCOMPARE(db.groups(), QStringList{QStringLiteral("busy")});
        QVERIFY(db.load(QStringLiteral("gone"), 0, now).samples.isEmpty());
        QCOMPARE(side.exec(QStringLiteral("SELECT COUNT(*) FROM layouts")).toInt(), 1);
        QCOMPARE(side.exec(QStringLiteral("SELECT COUNT(*) FROM groups")).toInt(), 1);

        // Idempotent: the same "now" removes nothing more; a later one only what aged into a coarser tier.
        QCOMPARE(db.maintain(now, policy), 0);
        QVERIFY(db.maintain(now + kHour, policy) > 0);
        QVERIFY(db.record({tinySample(QStringLiteral("gone"), now + kHour)})); // a returning group is welcome
        QCOMPARE(db.groups(), (QStringList{QStringLiteral("busy"), QStringLiteral("gone")}));
        QCOMPARE(db.load(QStringLiteral("gone"), 0, now + kHour).samples.size(), 1);
    }

    void damagedFileIsMovedAside_data()
    {
        QTest::addColumn<QByteArray>("garbage");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not a database") << QByteArray("these bytes are no SQLite database, however long ").repeated(200)
                                        << QStringLiteral("not a database");
        QTest::newRow("damaged pages") << QByteArray() << QStringLiteral("check failed");
        QTest::newRow("newer schema") << QByteArray() << QStringLiteral("newer version");
    }

    void damagedFileIsMovedAside()
    {
        QFETCH(QByteArray, garbage);
        QFETCH(QString, reason);
        const QString path = newPath();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        if (!garbage.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(garbage);
        } else {
            // A real history first, then damaged the way the row asks.
            {
                LagHistoryDatabase db;
                QVERIFY(db.open(path).ok);
                for (int step = 0; step < 200; ++step)
                    QVERIFY(db.record(samplesFromSnapshot(snapshotAt(1700000000000LL + step * kSecond, step))));
            }
            QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal"))); // checkpointed on close
            if (reason == QStringLiteral("newer version")) {
                SideConnection side(path);
                side.exec(QStringLiteral("PRAGMA user_version=99"));
            } else {
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadWrite));
                QVERIFY(file.size() > 3 * 4096);
                file.seek(2 * 4096); // the header of page 3: a b-tree page no more
                file.write(QByteArray(64, '\xee'));
            }
            garbage = [&] {
                QFile file(path);
                return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            }();
        }

        LagHistoryDatabase db;
        const HistoryOpenResult opened = db.open(path);
        QVERIFY(opened.ok);
        QVERIFY(opened.fresh);
        QCOMPARE(opened.path, path);
        const QStringList moved = damagedCopies(path);
        QCOMPARE(moved.size(), 1);
        const QString movedPath = QFileInfo(path).dir().filePath(moved.first());
        QVERIFY2(opened.message.contains(path) && opened.message.contains(movedPath) &&
                     opened.message.contains(reason, Qt::CaseInsensitive) &&
                     opened.message.contains(QStringLiteral("new one was started")),
                 qPrintable(opened.message));
        QFile movedFile(movedPath);
        QVERIFY(movedFile.open(QIODevice::ReadOnly));
        QCOMPARE(movedFile.readAll(), garbage); // moved, not rewritten

        // The fresh database is usable, and stays so after a restart.
        QVERIFY(db.record(samplesFromSnapshot(snapshotAt(1700000000000LL, 1))));
        QCOMPARE(db.load(QStringLiteral("billing"), 0, 1800000000000LL).samples.size(), 1);
        db.close();
        const HistoryOpenResult again = db.open(path);
        QVERIFY(again.ok && !again.fresh && again.message.isEmpty());
        QCOMPARE(db.load(QStringLiteral("billing"), 0, 1800000000000LL).samples.size(), 1);
    }

    void lockedFileFallsBackToMemory_data()
    {
        QTest::addColumn<bool>("wal");
        QTest::newRow("another OffsetLens writing (WAL)") << true;
        QTest::newRow("a rollback-journal database held exclusively") << false;
    }

    void lockedFileFallsBackToMemory()
    {
        QFETCH(bool, wal);
        const QString path = newPath();
        if (wal) {
            LagHistoryDatabase first;
            QVERIFY(first.open(path).ok);
            QVERIFY(first.record(samplesFromSnapshot(snapshotAt(1700000000000LL, 1))));
        } else {
            QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        }
        SideConnection other(path);
        QVERIFY(other.isOpen());
        if (!wal)
            other.exec(QStringLiteral("CREATE TABLE t(x)"));
        QVERIFY(other.exec(QStringLiteral("BEGIN EXCLUSIVE")).toString() != QStringLiteral("error"));
        other.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS held(x)"));
        const QByteArray before = [&] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();

        LagHistoryDatabase db;
        QElapsedTimer timer;
        timer.start();
        const HistoryOpenResult opened = db.open(path);
        qInfo() << "gave up on the locked file after" << timer.elapsed() << "ms";
        QVERIFY(opened.ok);
        QVERIFY(opened.path.isEmpty());
        QVERIFY(opened.fresh);
        QVERIFY2(opened.message.contains(path) && opened.message.contains(QStringLiteral("locked")) &&
                     opened.message.contains(QStringLiteral("for this session only")),
                 qPrintable(opened.message));
        QVERIFY(damagedCopies(path).isEmpty()); // a locked file is someone else's: never moved
        QVERIFY(QFileInfo::exists(path));

        // History works for the session, in memory.
        QVERIFY(db.record(samplesFromSnapshot(snapshotAt(1700000000000LL, 7))));
        const GroupHistory history = db.load(QStringLiteral("replay"), 0, 1800000000000LL);
        QCOMPARE(history.samples.size(), 1);
        QCOMPARE(history.samples.at(0).partitions.at(0).committed, 7);
        QCOMPARE(db.fileSizeBytes(), 0);

        other.exec(QStringLiteral("ROLLBACK"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before); // untouched
    }

    void corruptRowsAreSkipped()
    {
        const QString path = newPath();
        LagHistoryDatabase db;
        QVERIFY(db.open(path).ok);
        const qint64 t0 = 1700000000000LL;
        for (int step = 0; step < 6; ++step)
            QVERIFY(db.record(samplesFromSnapshot(snapshotAt(t0 + step * kSecond, step))));
        // Another layout for "replay" from step 6 on, whose stored layout then gets damaged.
        GroupSample other = tinySample(QStringLiteral("replay"), t0 + 6 * kSecond, QStringLiteral("elsewhere"));
        QVERIFY(db.record({other}));

        SideConnection side(path);
        QVERIFY(side.isOpen());
        const QVariant groupId = side.exec(QStringLiteral("SELECT id FROM groups WHERE name = 'billing'"));
        side.exec(QStringLiteral("UPDATE samples SET data = ? WHERE group_id = ? AND time_ms = ?"),
                  {QByteArray::fromHex("ffffffffffffffffffffffff"), groupId, t0 + kSecond});
        side.exec(QStringLiteral("UPDATE samples SET data = ? WHERE group_id = ? AND time_ms = ?"),
                  {QByteArray("\x01\x02", 2), groupId, t0 + 3 * kSecond}); // short: one value of three
        side.exec(QStringLiteral("UPDATE samples SET data = zeroblob(0) WHERE group_id = ? AND time_ms = ?"),
                  {groupId, t0 + 4 * kSecond});

        const GroupHistory billing = db.load(QStringLiteral("billing"), 0, t0 + kDay);
        QCOMPARE(timesOf(billing), (QList<qint64>{t0, t0 + 2 * kSecond, t0 + 5 * kSecond}));
        QCOMPARE(billing.error, QStringLiteral("3 damaged samples skipped"));

        const qint64 hash = SampleLayout{{{QStringLiteral("elsewhere"), 0}}}.hash();
        side.exec(QStringLiteral("UPDATE layouts SET data = ? WHERE hash = ?"),
                  {QByteArray::fromHex("0101"), hash}); // "one partition, no topic name": does not decode
        const GroupHistory replay = db.load(QStringLiteral("replay"), 0, t0 + kDay);
        QCOMPARE(replay.samples.size(), 6);
        QCOMPARE(replay.error, QStringLiteral("1 damaged sample skipped"));
        // A layout that decodes but is not the one its hash names (swapped in by damage) counts as damaged too.
        side.exec(QStringLiteral("UPDATE layouts SET data = ? WHERE hash = ?"),
                  {SampleLayout{{{QStringLiteral("swapped"), 0}}}.encode(), hash});
        QCOMPARE(db.load(QStringLiteral("replay"), 0, t0 + kDay).error, QStringLiteral("1 damaged sample skipped"));
    }

    void storeRecordsAndLoadsOffTheGuiThread()
    {
        const QString path = newPath();
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 10 * kSecond; // recent: maintenance keeps it
        auto store = std::make_unique<LagHistoryStore>(path);                 // destroyed on failure as well
        QSignalSpy opened(store.get(), &LagHistoryStore::opened);
        QSignalSpy loaded(store.get(), &LagHistoryStore::loaded);
        QSignalSpy failed(store.get(), &LagHistoryStore::recordFailed);
        QVERIFY(opened.wait(10000));
        const auto result = opened.at(0).at(0).value<HistoryOpenResult>();
        QVERIFY(result.ok);
        QCOMPARE(result.path, path);

        for (int step = 0; step < 3; ++step) {
            store->record(snapshotAt(t0 + step * kSecond, step));
            QVERIFY(waitUntilIdle(*store)); // one at a time: nothing to coalesce
        }
        loaded.clear();
        const quint64 id = store->load(QStringLiteral("billing"), 0, t0 + kDay);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.at(0).at(0).toULongLong(), id);
        const auto history = loaded.at(0).at(1).value<GroupHistory>();
        QCOMPARE(history.groupId, QStringLiteral("billing"));
        QCOMPARE(timesOf(history), (QList<qint64>{t0, t0 + kSecond, t0 + 2 * kSecond}));
        QCOMPARE(history.samples.at(2).partitions.at(0).committed, 92);

        // Requests with the same key supersede each other: only the newest answer arrives.
        loaded.clear();
        store->load(QStringLiteral("billing"), 0, t0 + kDay, QStringLiteral("chart"));
        store->load(QStringLiteral("replay"), 0, t0 + kDay, QStringLiteral("chart"));
        const quint64 newest = store->load(QStringLiteral("billing"), t0 + kSecond, t0 + kDay, QStringLiteral("chart"));
        const quint64 unkeyed = store->load(QStringLiteral("replay"), 0, t0 + kDay);
        QTRY_COMPARE(loaded.size(), 2);
        QTest::qWait(100);
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded.at(0).at(0).toULongLong(), newest);
        QCOMPARE(loaded.at(0).at(1).value<GroupHistory>().samples.size(), 2);
        QCOMPARE(loaded.at(1).at(0).toULongLong(), unkeyed);
        QVERIFY(failed.isEmpty());
        store.reset();
        QVERIFY(HistoryThreads::waitForIdle(20s));
    }

    void storeBuildsChartsAndReadsOnlyTheNewTail()
    {
        const QString path = newPath();
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 60 * kSecond; // recent: maintenance keeps it
        auto store = std::make_unique<LagHistoryStore>(path);
        QSignalSpy opened(store.get(), &LagHistoryStore::opened);
        QSignalSpy charts(store.get(), &LagHistoryStore::chartLoaded);
        QVERIFY(opened.wait(10000));
        for (int step = 0; step < 3; ++step) {
            store->record(snapshotAt(t0 + step * 5 * kSecond, step));
            QVERIFY(waitUntilIdle(*store)); // one at a time: nothing to coalesce
        }

        LagHistoryStore::ChartRequest request;
        request.subject = HistorySubject::Topic;
        request.name = QStringLiteral("orders");
        request.kind = LagChartKind::HighWatermarks;
        request.fromMs = t0;
        request.toMs = t0 + kHour;
        quint64 id = store->loadChart(request, QStringLiteral("chart"));
        QVERIFY(charts.wait(10000));
        QCOMPARE(charts.last().at(0).toULongLong(), id);
        LagChartData chart = charts.last().at(1).value<LagChartData>();
        QCOMPARE(chart.groupId, QStringLiteral("orders"));
        QCOMPARE(chart.sampleCount, 3);
        QCOMPARE(chart.series.size(), 2);
        QCOMPARE(chart.series[1].values, (QVector<double>{200, 202, 204}));

        // Damage an already-read row behind the store's back: a live reload reads only what is newer, so the
        // chart still has it; a new subject, or a range reaching further back, reads everything again.
        {
            SideConnection side(path);
            QVERIFY(side.isOpen());
            side.exec(QStringLiteral("DELETE FROM topic_samples WHERE time_ms = ?"), {t0 + 5 * kSecond});
        }
        for (int step = 3; step < 5; ++step) {
            store->record(snapshotAt(t0 + step * 5 * kSecond, step));
            QVERIFY(waitUntilIdle(*store));
        }
        request.fromMs = t0 + 1; // a live preset moves forward with the clock
        id = store->loadChart(request, QStringLiteral("chart"));
        QTRY_COMPARE(charts.last().at(0).toULongLong(), id);
        chart = charts.last().at(1).value<LagChartData>();
        QCOMPARE(chart.series[1].values, (QVector<double>{202, 204, 206, 208})); // t0 dropped by the range
        request.fromMs = t0; // further back: read whole, without the deleted row
        id = store->loadChart(request, QStringLiteral("chart"));
        QTRY_COMPARE(charts.last().at(0).toULongLong(), id);
        chart = charts.last().at(1).value<LagChartData>();
        QCOMPARE(chart.series[1].values, (QVector<double>{200, 204, 206, 208}));
        QCOMPARE(chart.sampleCount, 4);

        // The tail-read chart equals one built from the whole history (checked on a group's lag per partition).
        request.subject = HistorySubject::Group;
        request.name = QStringLiteral("billing");
        request.kind = LagChartKind::LagPerPartition;
        request.fromMs = t0;
        store->loadChart(request, QStringLiteral("group"));
        store->record(snapshotAt(t0 + 25 * kSecond, 5));
        id = store->loadChart(request, QStringLiteral("group"));
        QTRY_COMPARE(charts.last().at(0).toULongLong(), id);
        const LagChartData tailRead = charts.last().at(1).value<LagChartData>();
        QVERIFY(waitUntilIdle(*store));
        LagHistoryDatabase reader; // a second reader of the same file (WAL)
        QVERIFY(reader.open(path).ok);
        const LagChartData whole =
            buildLagChart(reader.load(QStringLiteral("billing"), t0, t0 + kHour), LagChartKind::LagPerPartition);
        QCOMPARE(tailRead.sampleCount, 6);
        QCOMPARE(tailRead.series, whole.series);

        // Superseded requests are never answered.
        charts.clear();
        store->loadChart(request, QStringLiteral("group"));
        id = store->loadChart(request, QStringLiteral("group"));
        QTRY_COMPARE(charts.size(), 1);
        QTest::qWait(100);
        QCOMPARE(charts.size(), 1);
        QCOMPARE(charts.at(0).at(0).toULongLong(), id);
        reader.close();
        store.reset();
        QVERIFY(HistoryThreads::waitForIdle(20s));
    }

    void storeCoalescesWhenTheWriterFallsBehind()
    {
        const QString path = newPath();
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - kHour / 2;
        auto store = std::make_unique<LagHistoryStore>(path);
        QSignalSpy opened(store.get(), &LagHistoryStore::opened);
        QVERIFY(opened.wait(10000));

        // A 40,000-partition refresh keeps the writer busy while twenty more arrive. The twenty are built first,
        // so that they arrive within microseconds of each other however slow the build (sanitizers, a loaded CI).
        ClusterSnapshot big = synthetic(100, 100, 200, 2, 0, 1);
        big.takenAt = QDateTime::fromMSecsSinceEpoch(t0, Qt::UTC);
        std::vector<ClusterSnapshot> following;
        for (int step = 1; step <= 20; ++step) {
            following.push_back(synthetic(2, 2, 1, 1, step, quint64(step)));
            following.back().takenAt = QDateTime::fromMSecsSinceEpoch(t0 + step * kSecond, Qt::UTC);
        }
        store->record(big);
        QThread::msleep(10); // lets the writer take the big one, so that the twenty find it busy
        for (const ClusterSnapshot &next : following)
            store->record(next);
        QSignalSpy loaded(store.get(), &LagHistoryStore::loaded);
        store->load(QStringLiteral("group-0000"), 0, t0 + kDay);
        QVERIFY(loaded.wait(20000));
        const QList<qint64> times = timesOf(loaded.at(0).at(1).value<GroupHistory>());
        qInfo() << "written:" << times.size() << "of 21 refreshes";
        QVERIFY(!times.isEmpty());
        QCOMPARE(times.last(), t0 + 20 * kSecond);                              // the newest always gets written
        QVERIFY2(times.size() <= 3, qPrintable(QString::number(times.size()))); // the rest was coalesced
        store.reset();
        QVERIFY(HistoryThreads::waitForIdle(20s));
    }

    void destroyingTheStoreNeverWaits()
    {
        const QString path = newPath();
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - kHour / 2;
        ClusterSnapshot big = synthetic(100, 100, 200, 2, 0, 1);
        big.takenAt = QDateTime::fromMSecsSinceEpoch(t0, Qt::UTC);
        ClusterSnapshot last = big;
        last.takenAt = QDateTime::fromMSecsSinceEpoch(t0 + 5 * kSecond, Qt::UTC);
        {
            auto store = std::make_unique<LagHistoryStore>(path);
            QSignalSpy opened(store.get(), &LagHistoryStore::opened);
            QVERIFY(opened.wait(10000));
            QVERIFY(waitUntilIdle(*store)); // the maintenance after opening is done
            // Another connection holds the write lock: the thread's transaction waits for it (up to its busy
            // timeout), with one more snapshot pending behind it.
            SideConnection other(path);
            QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")).toString() != QStringLiteral("error"));
            store->record(big);
            QTest::qWait(100);
            store->record(last);
            QElapsedTimer timer;
            timer.start();
            store.reset();
            const qint64 elapsed = timer.elapsed();
            qInfo() << "destructor took" << elapsed << "ms";
            other.exec(QStringLiteral("ROLLBACK")); // the thread gets its lock and carries on without the store
            QVERIFY2(elapsed < 50, qPrintable(QString::number(elapsed)));
        }
        // Right after being constructed, with opening still under way, too.
        {
            QElapsedTimer timer;
            timer.start();
            delete new LagHistoryStore(newPath());
            QVERIFY(timer.elapsed() < 50);
        }
        QVERIFY(HistoryThreads::waitForIdle(30s));
        QCOMPARE(HistoryThreads::runningCount(), 0);

        // The thread wrote what it was handed before it ended.
        LagHistoryDatabase db;
        const HistoryOpenResult reopened = db.open(path);
        QVERIFY(reopened.ok && !reopened.fresh);
        QCOMPARE(db.groups().size(), 200);
        const GroupHistory history = db.load(QStringLiteral("group-0199"), 0, t0 + kDay);
        QVERIFY2(history.error.isEmpty(), qPrintable(history.error));
        QCOMPARE(timesOf(history), (QList<qint64>{t0, t0 + 5 * kSecond}));
        QCOMPARE(history.samples.last().partitions.size(), 200);
    }
};

QTEST_GUILESS_MAIN(TestLagHistory)
#include "tst_laghistory.moc"
