#include "laghistorydatabase.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>

Q_LOGGING_CATEGORY(lcHistoryDatabase, "offsetlens.history", QtInfoMsg)

namespace OffsetLens {

namespace {

constexpr int kSchemaVersion = 2;
constexpr int kBusyTimeoutMs = 2000;

// A layout's last_used_ms is written ahead by this much, so a layout shared by every refresh is touched once an
// hour rather than in every transaction (an overstated last use only keeps a layout a little longer).
constexpr qint64 kLayoutTouchAheadMs = 3600LL * 1000;

// Schema, version 2 (version 1 had no topic tables; opening one adds them).
// - layouts: each distinct partition list once, keyed by its stable 64-bit hash (the rowid itself). last_used_ms
//   (at least the newest sample time that used it) lets maintain() drop layouts that no surviving row can use
//   without an index on samples.layout_hash, which every insert would have to update.
// - groups: group ids as small integers, so the samples' key stays short.
// - samples: one row per group and refresh. A rowid table plus a unique (group_id, time_ms) index rather than a
//   WITHOUT ROWID table keyed on (group_id, time_ms): rows are large (a few bytes per partition, often hundreds
//   of bytes to kilobytes), which WITHOUT ROWID handles badly (few rows per page, overflow pages), while rowids
//   that grow with time make every refresh an append to the end of the table. The narrow index serves load(),
//   timeRange() and maintain()'s per-group reads of the times. total_lag is kept beside the blob for summaries
//   that need no decoding. No foreign keys: one writer keeps the tables consistent, and checks would cost every
//   insert.
// - topics, topic_samples: the same for topics (every partition's HW and log start; committed stays unknown), so
//   the topic charts work for topics no group reads. Their own tables, because a group and a topic often share a
//   name.
const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS layouts(hash INTEGER PRIMARY KEY, data BLOB NOT NULL, last_used_ms INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS groups(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS samples(id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, time_ms INTEGER NOT NULL, "
    "state INTEGER NOT NULL, has_members INTEGER NOT NULL, layout_hash INTEGER NOT NULL, total_lag INTEGER NOT NULL, "
    "data BLOB NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS samples_by_group_time ON samples(group_id, time_ms)",
    "CREATE TABLE IF NOT EXISTS topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS topic_samples(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, "
    "time_ms INTEGER NOT NULL, state INTEGER NOT NULL, has_members INTEGER NOT NULL, layout_hash INTEGER NOT NULL, "
    "total_lag INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS topic_samples_by_topic_time ON topic_samples(topic_id, time_ms)",
};

// The tables of one kind of series: groups or topics.
struct SeriesTables
{
    const char *names;   // "groups"
    const char *samples; // "samples"
    const char *key;     // "group_id"
};
constexpr SeriesTables kSeriesTables[2] = {{"groups", "samples", "group_id"}, {"topics", "topic_samples", "topic_id"}};

int seriesIndex(HistorySubject subject)
{
    return subject == HistorySubject::Topic ? 1 : 0;
}

// SQLite's primary result codes, as Qt's driver reports them in nativeErrorCode().
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteNotADatabase = 26;

int sqliteCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1; // extended codes carry the primary one in the low byte
}

QString errorText(const QSqlError &error)
{
    // SQLite's own words ("file is not a database"); the driver's ("Unable to execute statement") say less.
    const QString text = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    return text.isEmpty() ? QStringLiteral("unknown error") : text;
}

QString connectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("offsetlens-history-%1").arg(++counter);
}

QString damagedSamplesText(qsizetype count)
{
    return count == 1 ? QStringLiteral("1 damaged sample skipped")
                      : QStringLiteral("%1 damaged samples skipped").arg(count);
}

// What trying to use a file found.
enum class Outcome
{
    Ok,
    Damaged, // not a database, failing its check, or a schema this version cannot read: move it aside
    Locked,  // another process holds it: never touch it
    Failed,  // anything else (permissions, disk): leave the file alone too
};

struct Attempt
{
    Outcome outcome = Outcome::Ok;
    QString reason;
    bool fresh = false;
};

Attempt classify(const QSqlError &error)
{
    switch (sqliteCode(error)) {
    case kSqliteBusy:
    case kSqliteLocked:
        return {Outcome::Locked, errorText(error)};
    case kSqliteCorrupt:
    case kSqliteNotADatabase:
        return {Outcome::Damaged, errorText(error)};
    default:
        return {Outcome::Failed, errorText(error)};
    }
}

// Moves a damaged file (and the journal files that belong to it) out of the way, under a name that says when.
std::optional<QString> moveAside(const QString &path)
{
    const QString base = path + QStringLiteral(".damaged-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss"));
    QString target = base;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = base + QStringLiteral("-%1").arg(n);
    if (!QFile::rename(path, target))
        return std::nullopt;
    // A WAL or rollback journal left beside the new file would be replayed into it.
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-journal")}) {
        if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, target + suffix))
            QFile::remove(path + suffix);
    }
    QFile::remove(path + QStringLiteral("-shm")); // only an index of the WAL, rebuilt on open
    return target;
}

} // namespace

struct LagHistoryDatabase::Private
{
    QString connection = connectionName();
    QSqlDatabase db;
    QString path; // "" in memory
    bool open = false;

    // Prepared once per open, reused by every call; the per-series ones for groups [0] and topics [1].
    struct SeriesStatements
    {
        explicit SeriesStatements(const QSqlDatabase &db)
            : insertSample(db)
            , insertName(db)
            , selectSamples(db)
            , selectTimes(db)
            , deleteRange(db)
        {}
        QSqlQuery insertSample;
        QSqlQuery insertName;
        QSqlQuery selectSamples;
        QSqlQuery selectTimes;
        QSqlQuery deleteRange;
    };
    struct Statements
    {
        explicit Statements(const QSqlDatabase &db)
            : series{SeriesStatements(db), SeriesStatements(db)}
            , upsertLayout(db)
            , selectLayout(db)
        {}
        SeriesStatements series[2];
        QSqlQuery upsertLayout;
        QSqlQuery selectLayout;
    };
    std::unique_ptr<Statements> statements;

    // Mirrors of the small tables, so a refresh needs no look-ups.
    QHash<QString, qint64> seriesIds[2];  // group ids [0] and topic ids [1] by name
    QHash<qint64, qint64> layoutLastUsed; // layout hash → last_used_ms as stored

    bool exec(const QString &sql, QSqlError *error = nullptr)
    {
        QSqlQuery query(db);
        if (query.exec(sql))
            return true;
        if (error)
            *error = query.lastError();
        return false;
    }

    bool exec(QSqlQuery &query, QSqlError *error)
    {
        if (query.exec())
            return true;
        *error = query.lastError();
        return false;
    }

    void rollback() { exec(QStringLiteral("ROLLBACK")); }

    bool connect(const QString &databaseName)
    {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databaseName);
        // Waits this long for another connection's lock before a statement fails with SQLITE_BUSY.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        return db.open();
    }

    void disconnect()
    {
        open = false;
        statements.reset(); // queries first: a connection still in use cannot be removed
        seriesIds[0].clear();
        seriesIds[1].clear();
        layoutLastUsed.clear();
        if (db.isValid()) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connection);
        }
        path.clear();
    }

    // Checks the file, switches it to WAL, creates or verifies the schema and prepares the statements. Reads
    // come before the first write so that a damaged file is told apart from a locked one.
    Attempt prepare(bool inMemory);
    Attempt createSchema();
    bool prepareStatements();
    bool loadMirrors(QSqlError *error);
    bool recordSeries(int series, const QList<GroupSample> &samples, QHash<QString, qint64> *newIds,
                      QHash<qint64, qint64> *touchedLayouts, QSqlError *error);
};

Attempt LagHistoryDatabase::Private::prepare(bool inMemory)
{
    QSqlError error;
    if (!inMemory) {
        // Reads every page's structure: a file that is not a database fails here, a damaged one reports rows. It
        // costs a pass over the file once per open, on the history thread.
        QSqlQuery check(db);
        check.setForwardOnly(true);
        if (!check.exec(QStringLiteral("PRAGMA quick_check")))
            return classify(check.lastError());
        QStringList problems;
        while (check.next())
            problems.append(check.value(0).toString());
        if (problems != QStringList{QStringLiteral("ok")}) {
            // SQLite's first finding, without its "*** in database main ***" banner and line breaks.
            QString finding = problems.value(0);
            finding.remove(QStringLiteral("*** in database main ***"));
            finding = finding.simplified();
            return {Outcome::Damaged, finding.isEmpty() ? QStringLiteral("its integrity check gave no answer")
                                                        : QStringLiteral("integrity check failed: %1").arg(finding)};
        }
    }
    QSqlQuery version(db);
    if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next())
        return classify(version.lastError());
    const int schemaVersion = version.value(0).toInt();
    version.finish();
    if (schemaVersion > kSchemaVersion)
        return {Outcome::Damaged, QStringLiteral("it was written by a newer version of OffsetLens (schema %1, this "
                                                 "version reads up to %2)")
                                      .arg(schemaVersion)
                                      .arg(kSchemaVersion)};
    if (!inMemory) {
        // WAL: a refresh's transaction appends to the log instead of rewriting pages in place, readers never wait
        // for the writer. synchronous=NORMAL syncs at checkpoints only: a power cut may lose the last refreshes,
        // never the database.
        QSqlQuery mode(db);
        if (!mode.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
            return classify(mode.lastError());
        if (!mode.next() || mode.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
            return {Outcome::Failed, QStringLiteral("it cannot use a write-ahead log")};
        mode.finish();
        if (!exec(QStringLiteral("PRAGMA synchronous=NORMAL"), &error))
            return classify(error);
    }
    Attempt attempt = createSchema();
    if (attempt.outcome != Outcome::Ok)
        return attempt;
    attempt.fresh = schemaVersion == 0;
    if (!prepareStatements())
        return {Outcome::Damaged, QStringLiteral("its tables are not the ones OffsetLens expects")};
    if (!loadMirrors(&error))
        return classify(error);
    return attempt;
}

Attempt LagHistoryDatabase::Private::createSchema()
{
    // The first write: with another process in a write transaction it waits the busy timeout, then fails busy.
    QSqlError error;
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), &error))
        return classify(error);
    for (const char *statement : kSchema) {
        if (!exec(QString::fromLatin1(statement), &error)) {
            rollback();
            // A table of that name with other columns: not a file of ours, or one damaged beyond its pages.
            const Attempt attempt = classify(error);
            return attempt.outcome == Outcome::Failed ? Attempt{Outcome::Damaged, attempt.reason} : attempt;
        }
    }
    if (!exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion), &error) ||
        !exec(QStringLiteral("COMMIT"), &error)) {
        rollback();
        return classify(error);
    }
    return {};
}

bool LagHistoryDatabase::Private::prepareStatements()
{
    statements = std::make_unique<Statements>(db);
    Statements &s = *statements;
    s.selectLayout.setForwardOnly(true); // no client-side caching of rows we read once
    bool ok = s.upsertLayout.prepare(QStringLiteral(
                  "INSERT INTO layouts(hash, data, last_used_ms) VALUES(?, ?, ?) "
                  "ON CONFLICT(hash) DO UPDATE SET last_used_ms = max(last_used_ms, excluded.last_used_ms)")) &&
              s.selectLayout.prepare(QStringLiteral("SELECT data FROM layouts WHERE hash = ?"));
    for (int i = 0; i < 2 && ok; ++i) {
        const SeriesTables &t = kSeriesTables[i];
        const QString names = QString::fromLatin1(t.names);
        const QString samples = QString::fromLatin1(t.samples);
        const QString key = QString::fromLatin1(t.key);
        SeriesStatements &q = s.series[i];
        q.selectSamples.setForwardOnly(true);
        q.selectTimes.setForwardOnly(true);
        ok = q.insertSample.prepare(QStringLiteral("INSERT OR REPLACE INTO %1(%2, time_ms, state, has_members, "
                                                   "layout_hash, total_lag, data) VALUES(?, ?, ?, ?, ?, ?, ?)")
                                        .arg(samples, key)) &&
             q.insertName.prepare(QStringLiteral("INSERT INTO %1(name) VALUES(?)").arg(names)) &&
             q.selectSamples.prepare(QStringLiteral("SELECT time_ms, state, has_members, layout_hash, data FROM %1 "
                                                    "WHERE %2 = ? AND time_ms >= ? AND time_ms <= ? ORDER BY time_ms")
                                         .arg(samples, key)) &&
             q.selectTimes.prepare(
                 QStringLiteral("SELECT time_ms FROM %1 WHERE %2 = ? ORDER BY time_ms").arg(samples, key)) &&
             q.deleteRange.prepare(
                 QStringLiteral("DELETE FROM %1 WHERE %2 = ? AND time_ms >= ? AND time_ms <= ?").arg(samples, key));
    }
    if (!ok)
        statements.reset();
    return ok;
}

bool LagHistoryDatabase::Private::loadMirrors(QSqlError *error)
{
    layoutLastUsed.clear();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    for (int i = 0; i < 2; ++i) {
        seriesIds[i].clear();
        if (!query.exec(QStringLiteral("SELECT id, name FROM %1").arg(QString::fromLatin1(kSeriesTables[i].names)))) {
            *error = query.lastError();
            return false;
        }
        while (query.next())
            seriesIds[i].insert(query.value(1).toString(), query.value(0).toLongLong());
    }
    if (!query.exec(QStringLiteral("SELECT hash, last_used_ms FROM layouts"))) {
        *error = query.lastError();
        return false;
    }
    while (query.next())
        layoutLastUsed.insert(query.value(0).toLongLong(), query.value(1).toLongLong());
    return true;
}

bool LagHistoryDatabase::Private::recordSeries(int series, const QList<GroupSample> &samples,
                                               QHash<QString, qint64> *newIds, QHash<qint64, qint64> *touchedLayouts,
                                               QSqlError *error)
{
    SeriesStatements &q = statements->series[series];
    for (const GroupSample &sample : samples) {
        qint64 id = seriesIds[series].value(sample.groupId, -1);
        if (id < 0)
            id = newIds->value(sample.groupId, -1);
        if (id < 0) {
            q.insertName.bindValue(0, sample.groupId);
            if (!exec(q.insertName, error))
                return false;
            id = q.insertName.lastInsertId().toLongLong();
            newIds->insert(sample.groupId, id);
        }

        SampleLayout layout;
        layout.partitions.reserve(sample.partitions.size());
        for (const PartitionSample &p : sample.partitions)
            layout.partitions.append(p.tp);
        const auto hash = qint64(layout.hash()); // SQLite integers are signed: keep the bits
        const qint64 lastUsed = std::max(layoutLastUsed.value(hash, std::numeric_limits<qint64>::min()),
                                         touchedLayouts->value(hash, std::numeric_limits<qint64>::min()));
        if (lastUsed < sample.timeMs) {
            const qint64 touch = sample.timeMs + kLayoutTouchAheadMs;
            statements->upsertLayout.bindValue(0, hash);
            statements->upsertLayout.bindValue(1, layout.encode());
            statements->upsertLayout.bindValue(2, touch);
            if (!exec(statements->upsertLayout, error))
                return false;
            touchedLayouts->insert(hash, touch);
        }

        q.insertSample.bindValue(0, id);
        q.insertSample.bindValue(1, sample.timeMs);
        q.insertSample.bindValue(2, int(sample.state));
        q.insertSample.bindValue(3, sample.hasMembers ? 1 : 0);
        q.insertSample.bindValue(4, hash);
        q.insertSample.bindValue(5, sample.totalLag());
        q.insertSample.bindValue(6, encodeSampleValues(sample.partitions));
        if (!exec(q.insertSample, error))
            return false;
    }
    return true;
}

LagHistoryDatabase::LagHistoryDatabase()
    : d(std::make_unique<Private>())
{}

LagHistoryDatabase::~LagHistoryDatabase()
{
    close();
}

QString LagHistoryDatabase::defaultPath(const QString &profileId)
{
    // Profile ids are ours (stable, mostly plain), but a file name must not carry separators or dots that climb.
    QString name;
    for (const QChar c : profileId)
        name.append((c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'_' ? c : QChar(u'_'));
    if (name.isEmpty())
        name = QStringLiteral("default");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history/") + name +
           QStringLiteral(".sqlite");
}

HistoryOpenResult LagHistoryDatabase::open(const QString &path)
{
    close();
    HistoryOpenResult result;

    const auto inMemory = [&](const QString &message) {
        d->disconnect();
        result.message = message;
        result.path.clear();
        result.fresh = true;
        const bool ok = d->connect(QStringLiteral(":memory:")) && d->prepare(true).outcome == Outcome::Ok;
        if (!ok) {
            d->disconnect();
            result.message += QStringLiteral(" No in-memory database could be started either: lag history is off.");
        }
        d->open = ok;
        result.ok = ok;
        return result;
    };
    const auto sessionOnly = QStringLiteral(" Lag history is kept in memory for this session only.");

    if (path.isEmpty())
        return inMemory({});
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        return inMemory(QStringLiteral("The folder %1 for the lag history could not be created.").arg(dir) +
                        sessionOnly);

    QString damagedPath;
    QString damagedReason;
    for (int round = 0; round < 2; ++round) {
        Attempt attempt = d->connect(path) ? d->prepare(false) : classify(d->db.lastError());
        switch (attempt.outcome) {
        case Outcome::Ok:
            d->open = true;
            d->path = path;
            result.ok = true;
            result.path = path;
            result.fresh = attempt.fresh || !damagedPath.isEmpty();
            if (!damagedPath.isEmpty())
                result.message = QStringLiteral("The lag history database %1 was damaged (%2); it was moved to %3 "
                                                "and a new one was started.")
                                     .arg(path, damagedReason, damagedPath);
            return result;
        case Outcome::Locked:
            return inMemory(QStringLiteral("The lag history database %1 is locked by another program (is OffsetLens "
                                           "already running with this cluster?).")
                                .arg(path) +
                            sessionOnly);
        case Outcome::Damaged:
            if (round == 0) {
                d->disconnect();
                if (const std::optional<QString> moved = moveAside(path)) {
                    qCWarning(lcHistoryDatabase)
                        << "damaged history database" << path << "moved to" << *moved << ":" << attempt.reason;
                    damagedPath = *moved;
                    damagedReason = attempt.reason;
                    continue;
                }
                return inMemory(QStringLiteral("The lag history database %1 is damaged (%2) and could not be moved "
                                               "aside.")
                                    .arg(path, attempt.reason) +
                                sessionOnly);
            }
            [[fallthrough]]; // a brand-new file that fails too: something else is wrong
        case Outcome::Failed:
            return inMemory(
                QStringLiteral("The lag history database %1 could not be opened (%2).").arg(path, attempt.reason) +
                sessionOnly);
        }
    }
    return inMemory({}); // not reached
}

bool LagHistoryDatabase::isOpen() const
{
    return d->open;
}

void LagHistoryDatabase::close()
{
    d->disconnect();
}

bool LagHistoryDatabase::record(const QList<GroupSample> &samples, QString *error)
{
    return record(samples, {}, error);
}

bool LagHistoryDatabase::record(const QList<GroupSample> &groupSamples, const QList<GroupSample> &topicSamples,
                                QString *error)
{
    const auto fail = [&](const QString &text) {
        if (error)
            *error = QStringLiteral("Writing the lag history failed: %1").arg(text);
        return false;
    };
    if (!d->open)
        return fail(QStringLiteral("the database is not open"));
    if (groupSamples.isEmpty() && topicSamples.isEmpty())
        return true;

    QSqlError sqlError;
    if (!d->exec(QStringLiteral("BEGIN IMMEDIATE"), &sqlError))
        return fail(errorText(sqlError));
    // Mirror entries made inside the transaction join the mirrors only once it commits.
    QHash<QString, qint64> newIds[2];
    QHash<qint64, qint64> touchedLayouts;
    if (!d->recordSeries(0, groupSamples, &newIds[0], &touchedLayouts, &sqlError) ||
        !d->recordSeries(1, topicSamples, &newIds[1], &touchedLayouts, &sqlError) ||
        !d->exec(QStringLiteral("COMMIT"), &sqlError)) {
        d->rollback();
        return fail(errorText(sqlError));
    }
    for (int i = 0; i < 2; ++i)
        d->seriesIds[i].insert(newIds[i]);
    for (auto it = touchedLayouts.cbegin(); it != touchedLayouts.cend(); ++it)
        d->layoutLastUsed.insert(it.key(), std::max(it.value(), d->layoutLastUsed.value(it.key(), it.value())));
    return true;
}

GroupHistory LagHistoryDatabase::load(const QString &groupId, qint64 fromMs, qint64 toMs, HistorySubject subject) const
{
    GroupHistory history;
    history.groupId = groupId;
    history.subject = subject;
    const int series = seriesIndex(subject);
    const qint64 id = d->open ? d->seriesIds[series].value(groupId, -1) : -1;
    if (id < 0)
        return history;
    Private::Statements &s = *d->statements;
    QSqlQuery &selectSamples = s.series[series].selectSamples;

    // Each layout decoded once per load, as a sample template whose values the rows fill in; nullopt: damaged.
    QHash<qint64, std::optional<QList<PartitionSample>>> templates;
    const auto templateFor = [&](qint64 hash) -> const std::optional<QList<PartitionSample>> & {
        if (const auto it = templates.constFind(hash); it != templates.cend())
            return *it;
        std::optional<QList<PartitionSample>> result;
        s.selectLayout.bindValue(0, hash);
        SampleLayout layout;
        if (s.selectLayout.exec() && s.selectLayout.next() &&
            SampleLayout::decode(s.selectLayout.value(0).toByteArray(), &layout) && qint64(layout.hash()) == hash) {
            QList<PartitionSample> partitions(layout.partitions.size());
            for (qsizetype i = 0; i < partitions.size(); ++i)
                partitions[i].tp = layout.partitions.at(i);
            result = std::move(partitions);
        }
        s.selectLayout.finish();
        return *templates.insert(hash, std::move(result));
    };

    selectSamples.bindValue(0, id);
    selectSamples.bindValue(1, fromMs);
    selectSamples.bindValue(2, toMs);
    if (!selectSamples.exec()) {
        history.error = QStringLiteral("Reading the lag history failed: %1").arg(errorText(selectSamples.lastError()));
        return history;
    }
    qsizetype damaged = 0;
    while (selectSamples.next()) {
        const std::optional<QList<PartitionSample>> &layout = templateFor(selectSamples.value(3).toLongLong());
        GroupSample sample;
        sample.partitions = layout.value_or(QList<PartitionSample>());
        if (!layout || !decodeSampleValues(selectSamples.value(4).toByteArray(), &sample.partitions)) {
            ++damaged;
            continue;
        }
        sample.groupId = groupId;
        sample.timeMs = selectSamples.value(0).toLongLong();
        const int state = selectSamples.value(1).toInt();
        sample.state = state >= int(GroupState::Unknown) && state <= int(GroupState::Empty) ? GroupState(state)
                                                                                            : GroupState::Unknown;
        sample.hasMembers = selectSamples.value(2).toInt() != 0;
        history.samples.append(std::move(sample));
    }
    if (selectSamples.lastError().isValid())
        history.error =
            QStringLiteral("Reading the lag history stopped early: %1").arg(errorText(selectSamples.lastError()));
    selectSamples.finish();
    if (damaged > 0)
        history.error = history.error.isEmpty() ? damagedSamplesText(damaged)
                                                : history.error + QStringLiteral("; ") + damagedSamplesText(damaged);
    return history;
}

QList<GroupSample> LagHistoryDatabase::recentGroupSamples(qint64 sinceMs, int maxTimes) const
{
    QList<GroupSample> samples;
    if (!d->open || maxTimes <= 0)
        return samples;
    // The oldest of the newest `maxTimes` refresh times (the time index answers it without reading rows).
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT MIN(time_ms) FROM (SELECT DISTINCT time_ms FROM samples WHERE time_ms >= ? "
                                 "ORDER BY time_ms DESC LIMIT ?)"));
    query.addBindValue(sinceMs);
    query.addBindValue(maxTimes);
    if (!query.exec() || !query.next() || query.value(0).isNull())
        return samples;
    const qint64 from = query.value(0).toLongLong();
    query.finish();
    for (auto it = d->seriesIds[0].cbegin(); it != d->seriesIds[0].cend(); ++it)
        samples.append(load(it.key(), from, std::numeric_limits<qint64>::max()).samples);
    std::stable_sort(samples.begin(), samples.end(),
                     [](const GroupSample &a, const GroupSample &b) { return a.timeMs < b.timeMs; });
    return samples;
}

QStringList LagHistoryDatabase::groups() const
{
    return names(HistorySubject::Group);
}

QStringList LagHistoryDatabase::topics() const
{
    return names(HistorySubject::Topic);
}

QStringList LagHistoryDatabase::names(HistorySubject subject) const
{
    QStringList names;
    if (!d->open)
        return names;
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    const SeriesTables &t = kSeriesTables[seriesIndex(subject)];
    if (!query.exec(QStringLiteral("SELECT name FROM %1 WHERE EXISTS (SELECT 1 FROM %2 WHERE %2.%3 = %1.id)")
                        .arg(QString::fromLatin1(t.names), QString::fromLatin1(t.samples), QString::fromLatin1(t.key))))
        return names;
    while (query.next())
        names.append(query.value(0).toString());
    std::sort(names.begin(), names.end());
    return names;
}

std::pair<qint64, qint64> LagHistoryDatabase::timeRange(const QString &groupId, HistorySubject subject) const
{
    const int series = seriesIndex(subject);
    const qint64 id = d->open ? d->seriesIds[series].value(groupId, -1) : -1;
    if (id < 0)
        return {0, 0};
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    // Two index look-ups: SQLite answers a lone MIN or MAX from the index's ends.
    qint64 ends[2] = {0, 0};
    const SeriesTables &t = kSeriesTables[series];
    const QString sql[2] = {QStringLiteral("SELECT MIN(time_ms) FROM %1 WHERE %2 = ?")
                                .arg(QString::fromLatin1(t.samples), QString::fromLatin1(t.key)),
                            QStringLiteral("SELECT MAX(time_ms) FROM %1 WHERE %2 = ?")
                                .arg(QString::fromLatin1(t.samples), QString::fromLatin1(t.key))};
    for (int i = 0; i < 2; ++i) {
        query.prepare(sql[i]);
        query.addBindValue(id);
        if (!query.exec() || !query.next() || query.value(0).isNull())
            return {0, 0};
        ends[i] = query.value(0).toLongLong();
    }
    return {ends[0], ends[1]};
}

qint64 LagHistoryDatabase::maintain(qint64 nowMs, const RetentionPolicy &policy, QString *error)
{
    const auto fail = [&](const QString &text) -> qint64 {
        if (error)
            *error = QStringLiteral("Thinning out the lag history failed: %1").arg(text);
        return -1;
    };
    if (!d->open)
        return fail(QStringLiteral("the database is not open"));
    QSqlError sqlError;
    if (!d->exec(QStringLiteral("BEGIN IMMEDIATE"), &sqlError))
        return fail(errorText(sqlError));
    const auto abort = [&] {
        d->rollback();
        return fail(errorText(sqlError));
    };
    Private::Statements &s = *d->statements;

    qint64 removed = 0;
    qint64 oldestKept = std::numeric_limits<qint64>::max();
    QList<qint64> times;
    QSqlQuery query(d->db);
    for (int series = 0; series < 2; ++series) {
        Private::SeriesStatements &q = s.series[series];
        QList<qint64> emptied;
        for (auto it = d->seriesIds[series].cbegin(); it != d->seriesIds[series].cend(); ++it) {
            times.clear();
            q.selectTimes.bindValue(0, it.value());
            if (!d->exec(q.selectTimes, &sqlError))
                return abort();
            while (q.selectTimes.next())
                times.append(q.selectTimes.value(0).toLongLong());
            q.selectTimes.finish();

            const QList<qsizetype> keep = samplesToKeep(times, nowMs, policy);
            if (keep.isEmpty())
                emptied.append(it.value());
            else
                oldestKept = std::min(oldestKept, times.at(keep.first()));
            // The rows between two kept ones go in one ranged delete: times are unique per series, so the range
            // holds exactly the rows to remove.
            qsizetype next = 0; // first index not yet kept or removed
            for (qsizetype k = 0; k <= keep.size(); ++k) {
                const qsizetype end = k < keep.size() ? keep.at(k) : times.size();
                if (end > next) {
                    q.deleteRange.bindValue(0, it.value());
                    q.deleteRange.bindValue(1, times.at(next));
                    q.deleteRange.bindValue(2, times.at(end - 1));
                    if (!d->exec(q.deleteRange, &sqlError))
                        return abort();
                    removed += q.deleteRange.numRowsAffected();
                }
                next = end + 1;
            }
        }
        for (const qint64 id : std::as_const(emptied)) {
            query.prepare(
                QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QString::fromLatin1(kSeriesTables[series].names)));
            query.addBindValue(id);
            if (!query.exec()) {
                sqlError = query.lastError();
                return abort();
            }
        }
    }

    // Every row that uses a layout is at most its last_used_ms old: a layout last used before the oldest
    // surviving row has no row left.
    query.prepare(QStringLiteral("DELETE FROM layouts WHERE last_used_ms < ?"));
    query.addBindValue(oldestKept);
    if (!query.exec()) {
        sqlError = query.lastError();
        return abort();
    }
    query.finish();
    if (!d->exec(QStringLiteral("COMMIT"), &sqlError))
        return abort();
    if (!d->loadMirrors(&sqlError))
        qCWarning(lcHistoryDatabase) << "re-reading the history's groups failed:" << errorText(sqlError);
    return removed;
}

qint64 LagHistoryDatabase::fileSizeBytes() const
{
    if (!d->open || d->path.isEmpty())
        return 0;
    return QFileInfo(d->path).size() + QFileInfo(d->path + QStringLiteral("-wal")).size();
}

} // namespace OffsetLens
