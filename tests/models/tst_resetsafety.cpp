#include "groupdelete.h"
#include "resetaudit.h"
#include "resetresult.h"
#include "resetsafety.h"
#include "resetsnapshots.h"

#include <QLocale>
#include <QTest>
#include <QTimeZone>

using namespace OffsetLens;
using namespace OffsetLens::ResetTestData;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OffsetLens::GroupState)

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 23), QTime(13, 0), Qt::UTC);
const QString kHowToStop = u"Stop every consumer of the group (the members above), wait for the group to become Empty "
                           u"(session.timeout.ms), then refresh."_s;

GroupInfo groupIn(GroupState state)
{
    const QString orders = QStringLiteral("orders");
    QList<GroupMember> members;
    if (state != GroupState::Empty && state != GroupState::Dead)
        members = {
            member(u"consumer-1-aaa"_s, u"billing-worker"_s, u"/10.0.0.7"_s, {{orders, 0}, {orders, 1}, {orders, 2}}),
            member(u"consumer-2-bbb"_s, QString(), QString(), {{orders, 3}})};
    return group(u"g"_s, state, {committed(orders, 0, 10)}, members);
}

ClusterSnapshot withOffsets(quint64 sequence, QList<CommittedOffset> offsets, const QString &profile = u"p1"_s)
{
    ClusterSnapshot s = base(sequence);
    s.profileId = profile;
    s.groups = {group(u"g"_s, GroupState::Empty, offsets), group(u"h"_s, GroupState::Empty, {})};
    return s;
}

} // namespace

class TestResetSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void states_data()
    {
        QTest::addColumn<GroupState>("state");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("listsMembers");

        const QString unknown = u"the cluster did not say whether group 'g' is active (it cannot describe groups); "
                                u"OffsetLens resets only groups it knows are inactive"_s;
        const QString active =
            u"Assignments can only be reset if the group 'g' is inactive, but the current state is %1."_s;
        QTest::newRow("Empty") << GroupState::Empty << true << u"group 'g' is Empty"_s << false;
        QTest::newRow("Dead") << GroupState::Dead << true << u"group 'g' is Dead"_s << false;
        QTest::newRow("Unknown") << GroupState::Unknown << false << unknown << false;
        QTest::newRow("Stable") << GroupState::Stable << false << active.arg(u"Stable"_s) << true;
        QTest::newRow("PreparingRebalance")
            << GroupState::PreparingRebalance << false << active.arg(u"PreparingRebalance"_s) << true;
        QTest::newRow("CompletingRebalance")
            << GroupState::CompletingRebalance << false << active.arg(u"CompletingRebalance"_s) << true;
    }
    void states()
    {
        QFETCH(GroupState, state);
        QFETCH(bool, allowed);
        QFETCH(QString, reason);
        QFETCH(bool, listsMembers);
        const GroupInfo g = groupIn(state);
        const ResetPermission permission = checkResetAllowed(u"g"_s, &g, std::nullopt, kNow);
        QCOMPARE(permission.allowed, allowed);
        QCOMPARE(permission.reason, reason);
        QVERIFY(permission.warnings.isEmpty());
        if (listsMembers) {
            QCOMPARE(permission.members,
                     (QStringList{u"consumer-1-aaa (client id billing-worker, host /10.0.0.7): 3 partitions"_s,
                                  u"consumer-2-bbb: 1 partition"_s}));
            QCOMPARE(permission.howToStop, kHowToStop);
        } else {
            QVERIFY(permission.members.isEmpty());
            QVERIFY(permission.howToStop.isEmpty());
        }
    }

    void missingGroupIsAllowed()
    {
        const ResetPermission permission = checkResetAllowed(u"new"_s, nullptr, kNow.addSecs(-5), kNow);
        QVERIFY(permission.allowed);
        QCOMPARE(permission.reason, u"group 'new' does not exist yet: the offsets create it"_s);
        QVERIFY(permission.warnings.isEmpty());
    }

    void recentMoves_data()
    {
        QTest::addColumn<GroupState>("state");
        QTest::addColumn<int>("secondsAgo"); // -1: never seen moving
        QTest::addColumn<QString>("warning");

        const QString moved = u"committed offsets moved %1 s ago although the group looks %2: a consumer using "
                              u"assign() (without joining the group) is probably still running and will overwrite "
                              u"the reset"_s;
        QTest::newRow("never moved") << GroupState::Empty << -1 << QString();
        QTest::newRow("moved 20 s ago") << GroupState::Empty << 20 << moved.arg(u"20"_s, u"Empty"_s);
        QTest::newRow("moved just now") << GroupState::Empty << 0 << moved.arg(u"0"_s, u"Empty"_s);
        QTest::newRow("moved 59 s ago") << GroupState::Dead << 59 << moved.arg(u"59"_s, u"Dead"_s);
        QTest::newRow("moved a minute ago") << GroupState::Empty << 60 << QString();
        QTest::newRow("moved an hour ago") << GroupState::Empty << 3600 << QString();
        QTest::newRow("refused anyway") << GroupState::Stable << 5 << QString();
    }
    void recentMoves()
    {
        QFETCH(GroupState, state);
        QFETCH(int, secondsAgo);
        QFETCH(QString, warning);
        const GroupInfo g = groupIn(state);
        const std::optional<QDateTime> moved = secondsAgo < 0 ? std::nullopt : std::optional(kNow.addSecs(-secondsAgo));
        const ResetPermission permission = checkResetAllowed(u"g"_s, &g, moved, kNow);
        QCOMPARE(permission.warnings, warning.isEmpty() ? QStringList{} : QStringList{warning});
        QCOMPARE(permission.allowed, state != GroupState::Stable);
    }

    void tracker()
    {
        const QString orders = QStringLiteral("orders");
        OffsetMovementTracker tracker;
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::nullopt);

        // The first observation is no move.
        const ClusterSnapshot first = withOffsets(1, {committed(orders, 0, 10), committed(orders, 1, 20)});
        tracker.observe(first);
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::nullopt);

        // Same offsets, other snapshot: still none.
        tracker.observe(withOffsets(2, {committed(orders, 0, 10), committed(orders, 1, 20)}));
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::nullopt);

        const ClusterSnapshot moved = withOffsets(3, {committed(orders, 0, 11), committed(orders, 1, 20)});
        tracker.observe(moved);
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::optional(moved.takenAt));
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"h"_s), std::nullopt);

        // Unchanged later: the last move stays.
        tracker.observe(withOffsets(4, {committed(orders, 0, 11), committed(orders, 1, 20)}));
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::optional(moved.takenAt));

        // Our own reset moves the offsets: that change is not a consumer's; the one after it is.
        tracker.noteOwnWrite(u"p1"_s, u"g"_s);
        tracker.observe(withOffsets(41, {committed(orders, 0, 0), committed(orders, 1, 20)}));
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::optional(moved.takenAt));
        const ClusterSnapshot consumer = withOffsets(42, {committed(orders, 0, 11), committed(orders, 1, 20)});
        tracker.observe(consumer);
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::optional(consumer.takenAt));
        const ClusterSnapshot &moved2 = consumer;

        // A failed fetch (no offsets, an error) is not a move.
        ClusterSnapshot failed = withOffsets(5, {});
        failed.groups[0].error = u"coordinator not available"_s;
        tracker.observe(failed);
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::optional(moved2.takenAt));

        // A new commit on another partition is a move.
        const ClusterSnapshot added =
            withOffsets(6, {committed(orders, 0, 11), committed(orders, 1, 20), committed(orders, 2, 1)});
        tracker.observe(added);
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::optional(added.takenAt));

        // Clusters are apart; forgetting one leaves the other.
        tracker.observe(withOffsets(7, {committed(orders, 0, 99)}, u"p2"_s));
        QCOMPARE(tracker.lastMoved(u"p2"_s, u"g"_s), std::nullopt);
        tracker.observe(withOffsets(8, {committed(orders, 0, 100)}, u"p2"_s));
        QVERIFY(tracker.lastMoved(u"p2"_s, u"g"_s).has_value());
        tracker.forgetCluster(u"p1"_s);
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::nullopt);
        QVERIFY(tracker.lastMoved(u"p2"_s, u"g"_s).has_value());
        // After forgetting, the next observation is a first one again.
        tracker.observe(withOffsets(9, {committed(orders, 0, 12)}));
        QCOMPARE(tracker.lastMoved(u"p1"_s, u"g"_s), std::nullopt);
    }

    void applyResultSummary()
    {
        ResetApplyResult result;
        result.kind = ResetApplyResult::Kind::Applied;
        GroupWriteResult written;
        written.groupId = u"g"_s;
        written.partitions = {{{u"orders"_s, 0}, 5, WriteOutcome::Confirmed, 5, QString()},
                              {{u"orders"_s, 1}, 6, WriteOutcome::Confirmed, 6, QString()}};
        result.report.groups = {written};
        result.report.readBack = true;
        QCOMPARE(result.summary(), u"applied: 2 partitions written and confirmed"_s);

        result.kind = ResetApplyResult::Kind::Moved;
        QCOMPARE(result.summary(), u"nothing written: the offsets, watermarks or group state changed since the "
                                   u"preview; check the fresh plan"_s);
        result.kind = ResetApplyResult::Kind::Refused;
        result.permission.reason = u"Assignments can only be reset if the group 'g' is inactive, but the current state "
                                   u"is Stable."_s;
        QCOMPARE(result.summary(), u"nothing written: "_s + result.permission.reason);
        result.kind = ResetApplyResult::Kind::Failed;
        result.error = u"cluster unreachable"_s;
        QCOMPARE(result.summary(), u"nothing written: cluster unreachable"_s);
        result.kind = ResetApplyResult::Kind::Cancelled;
        QCOMPARE(result.summary(), u"cancelled before anything was written"_s);
    }

    void deleteResult()
    {
        DeleteOffsetsResult result;
        result.groupId = u"g"_s;
        QVERIFY(result.succeeded());
        QCOMPARE(result.summary(), u"no partitions to delete"_s);

        result.partitions = {{{u"orders"_s, 0}, 10, true, QString()},
                             {{u"orders"_s, 1}, 20, true, QString()},
                             {{u"orders"_s, 2}, 30, true, QString()}};
        QVERIFY(result.succeeded());
        QCOMPARE(result.summary(), u"3 partitions deleted"_s);

        result.partitions[1].deleted = false;
        result.partitions[1].error = u"group subscribed to the topic"_s;
        result.partitions[2].deleted = false;
        QVERIFY(!result.succeeded());
        QCOMPARE(result.summary(), u"1 of 3 partitions deleted; 2 failed: orders-1: group subscribed to the topic"_s);

        result.partitions[1].deleted = true;
        QCOMPARE(result.summary(), u"2 of 3 partitions deleted; 1 failed"_s);

        result.partitions[2].deleted = true;
        result.error = u"group is not empty"_s;
        QVERIFY(!result.succeeded());
        QCOMPARE(result.summary(), u"nothing deleted: group is not empty"_s);
    }

    void auditRoundTrip_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<bool>("withRows");

        QTest::newRow("reset") << int(ResetAuditEntry::Action::Reset) << true;
        QTest::newRow("undo") << int(ResetAuditEntry::Action::Undo) << true;
        QTest::newRow("delete offsets") << int(ResetAuditEntry::Action::DeleteOffsets) << true;
        QTest::newRow("delete group, no rows") << int(ResetAuditEntry::Action::DeleteGroup) << false;
    }
    void auditRoundTrip()
    {
        QFETCH(int, action);
        QFETCH(bool, withRows);
        ResetAuditEntry entry;
        entry.time = QDateTime(QDate(2026, 11, 23), QTime(13, 0, 5, 123), Qt::UTC);
        entry.action = ResetAuditEntry::Action(action);
        entry.profileId = u"prod-id"_s;
        entry.clusterName = u"prod \"eu\""_s;
        entry.bootstrapServers = u"kafka:9092"_s;
        entry.groupId = u"billing, ünïcode"_s;
        entry.strategy = u"shift by -10"_s;
        entry.origin = u"cli"_s;
        entry.summary = u"applied: 2 partitions written\nand confirmed"_s;
        if (withRows)
            entry.rows = {{{u"orders"_s, 0}, 400, 390, u"confirmed"_s},
                          {{u"orders"_s, 1}, kNoOffset, 9007199254740993, u"rejected: not authorized"_s},
                          {{u"orders"_s, 2}, 30, kNoOffset, u"deleted"_s}};
        const QByteArray line = entry.toJsonLine();
        QVERIFY(!line.contains('\n'));
        QVERIFY2(line.contains("\"time\":\"2026-11-23T13:00:05.123Z\""), line.constData());
        const std::optional<ResetAuditEntry> back = ResetAuditEntry::fromJsonLine(line);
        QVERIFY(back.has_value());
        QCOMPARE(back->time, entry.time);
        QCOMPARE(back->rows, entry.rows);
        QVERIFY(*back == entry);
        QCOMPARE(resetAuditActionName(entry.action),
                 QString::fromUtf8(QByteArray(QTest::currentDataTag()).split(',').first()));
    }

    void auditTimeIsUtc()
    {
        ResetAuditEntry entry;
        entry.time = QDateTime(QDate(2026, 11, 23), QTime(14, 0), QTimeZone(3600));
        QVERIFY(entry.toJsonLine().contains("\"time\":\"2026-11-23T13:00:00.000Z\""));
    }

    void auditReadsLeniently_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("valid");

        QTest::newRow("unknown fields ignored")
            << QByteArray(
                   "{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"undo\",\"future\":{\"x\":1},\"groupId\":\"g\"}")
            << true;
        QTest::newRow("missing optional fields")
            << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"reset\"}") << true;
        QTest::newRow("trailing newline")
            << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"reset\"}\n") << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("not JSON") << QByteArray("reset billing") << false;
        QTest::newRow("truncated") << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"re") << false;
        QTest::newRow("array") << QByteArray("[1,2]") << false;
        QTest::newRow("no time") << QByteArray("{\"action\":\"reset\"}") << false;
        QTest::newRow("bad time") << QByteArray("{\"time\":\"yesterday\",\"action\":\"reset\"}") << false;
        QTest::newRow("unknown action") << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"explode\"}")
                                        << false;
        QTest::newRow("rows not an array")
            << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"reset\",\"rows\":3}") << false;
        QTest::newRow("row without topic")
            << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"reset\",\"rows\":[{\"partition\":1}]}")
            << false;
        QTest::newRow("offset as text") << QByteArray("{\"time\":\"2026-11-23T13:00:00.000Z\",\"action\":\"reset\","
                                                      "\"rows\":[{\"topic\":\"t\",\"partition\":1,\"before\":\"5\"}]}")
                                        << false;
    }
    void auditReadsLeniently()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, valid);
        QCOMPARE(ResetAuditEntry::fromJsonLine(line).has_value(), valid);
    }
};

QTEST_GUILESS_MAIN(TestResetSafety)
#include "tst_resetsafety.moc"
