#pragma once

#include "downsample.h"
#include "lagsample.h"

#include <QString>
#include <QStringList>

namespace OffsetLens {

// What opening a history database found.
struct HistoryOpenResult
{
    bool ok = false;
    QString path;       // the file in use ("" for an in-memory database)
    bool fresh = false; // a new, empty database (first run, or the old file could not be used)
    // For the user, when something was wrong: "The lag history database /…/demo.sqlite was damaged (file is not a
    // database); it was moved to /…/demo.sqlite.damaged-20261123T211500 and a new one was started." Or, when another
    // process holds the file locked: history is kept in memory for this session only, and the message says so.
    QString message;
};

// One cluster's lag history in SQLite: per group (and per topic) and refresh one row, whose partitions are stored as a
// shared layout (the partition list, stored once) plus a compact blob of values (see SampleLayout /
// encodeSampleValues). Synchronous and bound to the thread that opened it (Qt SQL connections are per thread): the app
// uses it from LagHistoryStore's thread, the command line and the tests directly.
class LagHistoryDatabase
{
public:
    LagHistoryDatabase();
    ~LagHistoryDatabase();
    LagHistoryDatabase(const LagHistoryDatabase &) = delete;
    LagHistoryDatabase &operator=(const LagHistoryDatabase &) = delete;

    // <app data>/history/<profile id, made file-name safe>.sqlite
    static QString defaultPath(const QString &profileId);

    // Opens or creates the database (WAL, schema versioned). A damaged file is moved aside and a fresh one started;
    // a locked one (another process) falls back to an in-memory database. Never crashes on a bad file.
    HistoryOpenResult open(const QString &path);
    bool isOpen() const;
    void close();

    // Appends one refresh's samples (its groups', and its topics' from topicSamplesFromSnapshot) in one
    // transaction. False (with *error) when the write failed; nothing of the refresh is then kept.
    bool record(const QList<GroupSample> &groupSamples, const QList<GroupSample> &topicSamples,
                QString *error = nullptr);
    bool record(const QList<GroupSample> &groupSamples, QString *error = nullptr);
    // The group's (or topic's) samples with fromMs <= time <= toMs.
    GroupHistory load(const QString &name, qint64 fromMs, qint64 toMs,
                      HistorySubject subject = HistorySubject::Group) const;
    // Every group's samples of the newest `maxTimes` refreshes at or after `sinceMs`, in time order: what the
    // lag monitor replays at start so that health and time lag go on from where the last run left off.
    QList<GroupSample> recentGroupSamples(qint64 sinceMs, int maxTimes) const;
    QStringList groups() const; // every group with history, sorted
    QStringList topics() const; // every topic with history, sorted
    // The time range recorded for a group or topic (0, 0 when none).
    std::pair<qint64, qint64> timeRange(const QString &name, HistorySubject subject = HistorySubject::Group) const;

    // Downsamples and deletes per `policy` as of `nowMs` (one transaction), and drops layouts no row uses.
    // Returns the number of rows removed, -1 on failure.
    qint64 maintain(qint64 nowMs, const RetentionPolicy &policy, QString *error = nullptr);
    qint64 fileSizeBytes() const; // database file plus its WAL, 0 in memory

private:
    QStringList names(HistorySubject subject) const;

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace OffsetLens
