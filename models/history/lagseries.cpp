#include "lagseries.h"

#include "timelag.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace OffsetLens {

namespace {
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

QString tr(const char *text)
{
    return QCoreApplication::translate("LagSeries", text);
}

ChartSeries seriesOver(const QString &name, const GroupHistory &history)
{
    ChartSeries s;
    s.name = name;
    s.timesSec.reserve(history.samples.size());
    s.values.reserve(history.samples.size());
    return s;
}

void totalLag(const GroupHistory &history, LagChartData *chart)
{
    ChartSeries s = seriesOver(tr("Total lag"), history);
    for (const GroupSample &sample : history.samples) {
        bool known = false;
        for (const PartitionSample &p : sample.partitions)
            known |= p.lag() != kNoOffset;
        s.timesSec.append(double(sample.timeMs) / 1000.0);
        s.values.append(known ? double(sample.totalLag()) : kUnknown);
    }
    chart->series.append(s);
}

void lagPerTopic(const GroupHistory &history, LagChartData *chart)
{
    QSet<QString> topicSet;
    for (const GroupSample &sample : history.samples) {
        for (const PartitionSample &p : sample.partitions)
            topicSet.insert(p.tp.topic);
    }
    QStringList topics(topicSet.cbegin(), topicSet.cend());
    topics.sort();
    QHash<QString, qsizetype> topicIndex;
    for (qsizetype i = 0; i < topics.size(); ++i)
        topicIndex.insert(topics[i], i);
    QList<ChartSeries> series;
    for (const QString &topic : std::as_const(topics))
        series.append(seriesOver(topic, history));
    QVector<double> sums(topics.size());
    for (const GroupSample &sample : history.samples) {
        sums.fill(kUnknown);
        for (const PartitionSample &p : sample.partitions) {
            const qint64 lag = p.lag();
            if (lag == kNoOffset)
                continue;
            double &sum = sums[topicIndex.value(p.tp.topic)];
            // A negative lag does not cancel real lag.
            sum = (std::isnan(sum) ? 0.0 : sum) + double(std::max<qint64>(lag, 0));
        }
        for (qsizetype i = 0; i < topics.size(); ++i) {
            series[i].timesSec.append(double(sample.timeMs) / 1000.0);
            series[i].values.append(sums[i]);
        }
    }
    chart->series = series;
}

// Ranks partitions by `weight` (largest first), gives the first `maxSeries` a series each (in partition order) and
// the rest one "other" series when `sumRest`. Returns the series and each shown partition's index.
struct PartitionSeries
{
    QList<ChartSeries> series;
    QHash<TopicPartition, qsizetype> index;
    qsizetype rest = 0;
};
PartitionSeries topPartitions(const GroupHistory &history, const QHash<TopicPartition, double> &weight, int maxSeries,
                              bool sumRest)
{
    QList<TopicPartition> order = weight.keys();
    std::sort(order.begin(), order.end(), [&weight](const TopicPartition &a, const TopicPartition &b) {
        const double wa = weight.value(a);
        const double wb = weight.value(b);
        return wa != wb ? wa > wb : a < b;
    });
    PartitionSeries result;
    const qsizetype own = std::min<qsizetype>(order.size(), std::max(1, maxSeries));
    result.rest = order.size() - own;
    QList<TopicPartition> shown = order.mid(0, own);
    std::sort(shown.begin(), shown.end());
    for (const TopicPartition &tp : std::as_const(shown)) {
        result.index.insert(tp, result.series.size());
        result.series.append(seriesOver(partitionName(tp), history));
    }
    if (sumRest && result.rest > 0)
        result.series.append(seriesOver(tr("other (%1 partitions)").arg(result.rest), history));
    return result;
}

// Messages appended per second between two samples of a topic, per partition (a HW that went down — a recreated
// topic — counts as zero). Unknown where either side has no HW.
QHash<TopicPartition, double> appendedPerSecond(const GroupSample &before, const GroupSample &after)
{
    QHash<TopicPartition, double> rates;
    const double seconds = double(after.timeMs - before.timeMs) / 1000.0;
    if (seconds <= 0)
        return rates;
    // Both sorted by partition: one merge pass rather than a hash per step.
    qsizetype b = 0;
    for (const PartitionSample &p : after.partitions) {
        while (b < before.partitions.size() && before.partitions[b].tp < p.tp)
            ++b;
        if (b == before.partitions.size())
            break;
        const PartitionSample &q = before.partitions[b];
        if (q.tp == p.tp && p.highWatermark >= 0 && q.highWatermark >= 0)
            rates.insert(p.tp, double(std::max<qint64>(p.highWatermark - q.highWatermark, 0)) / seconds);
    }
    return rates;
}

void lagPerPartition(const GroupHistory &history, int maxSeries, LagChartData *chart)
{
    // The partitions lagging most (by their largest lag over the range) get a series each; the rest are summed.
    QHash<TopicPartition, double> peak;
    for (const GroupSample &sample : history.samples) {
        for (const PartitionSample &p : sample.partitions) {
            double &top = peak[p.tp];
            top = std::max(top, double(std::max<qint64>(p.lag(), 0)));
        }
    }
    PartitionSeries shown = topPartitions(history, peak, maxSeries, true);
    if (shown.rest > 0)
        chart->note = tr("%1 more partitions are summed as \"other\".").arg(shown.rest);
    for (const GroupSample &sample : history.samples) {
        QVector<double> values(shown.series.size(), kUnknown);
        double other = 0;
        bool otherKnown = false;
        for (const PartitionSample &p : sample.partitions) {
            const qint64 lag = p.lag();
            if (lag == kNoOffset)
                continue;
            const auto it = shown.index.constFind(p.tp);
            if (it != shown.index.cend()) {
                values[*it] = double(std::max<qint64>(lag, 0));
            } else {
                other += double(std::max<qint64>(lag, 0));
                otherKnown = true;
            }
        }
        if (shown.rest > 0 && otherKnown)
            values.back() = other;
        for (qsizetype i = 0; i < shown.series.size(); ++i) {
            shown.series[i].timesSec.append(double(sample.timeMs) / 1000.0);
            shown.series[i].values.append(values[i]);
        }
    }
    chart->series = shown.series;
}

void timeLag(const GroupHistory &history, LagChartData *chart)
{
    // Replays each partition's HW history as the live estimator would have seen it at each sample.
    QHash<TopicPartition, WatermarkTable> tables;
    ChartSeries s = seriesOver(tr("Largest time lag"), history);
    qsizetype unknownSamples = 0;
    for (const GroupSample &sample : history.samples) {
        std::optional<qint64> worst;
        for (const PartitionSample &p : sample.partitions) {
            if (p.highWatermark < 0)
                continue;
            WatermarkTable &table = tables[p.tp];
            table.add(p.highWatermark, sample.timeMs);
            const TimeLagEstimate estimate = estimateTimeLag(table, p.committed, sample.timeMs);
            if (estimate.ms)
                worst = std::max(worst.value_or(0), *estimate.ms);
        }
        s.timesSec.append(double(sample.timeMs) / 1000.0);
        s.values.append(worst ? double(*worst) / 1000.0 : kUnknown);
        unknownSamples += worst ? 0 : 1;
    }
    if (unknownSamples > 0)
        chart->note = tr("Time lag is unknown at %1 of %2 samples: it needs two HW samples of a partition first.")
                          .arg(unknownSamples)
                          .arg(history.samples.size());
    chart->series.append(s);
}

void rates(const GroupHistory &history, LagChartData *chart)
{
    ChartSeries consume = seriesOver(tr("Consume rate"), history);
    ChartSeries produce = seriesOver(tr("Produce rate"), history);
    for (qsizetype i = 1; i < history.samples.size(); ++i) {
        const GroupSample &before = history.samples[i - 1];
        const GroupSample &after = history.samples[i];
        const double seconds = double(after.timeMs - before.timeMs) / 1000.0;
        if (seconds <= 0)
            continue;
        QHash<TopicPartition, const PartitionSample *> previous;
        for (const PartitionSample &p : before.partitions)
            previous.insert(p.tp, &p);
        double consumed = 0;
        double produced = 0;
        bool consumeKnown = false;
        bool produceKnown = false;
        for (const PartitionSample &p : after.partitions) {
            const PartitionSample *b = previous.value(p.tp);
            if (!b)
                continue;
            // A reset backwards or a recreated topic is not negative work: those steps count as zero.
            if (p.committed >= 0 && b->committed >= 0) {
                consumed += double(std::max<qint64>(p.committed - b->committed, 0));
                consumeKnown = true;
            }
            if (p.highWatermark >= 0 && b->highWatermark >= 0) {
                produced += double(std::max<qint64>(p.highWatermark - b->highWatermark, 0));
                produceKnown = true;
            }
        }
        const double t = double(after.timeMs) / 1000.0;
        consume.timesSec.append(t);
        consume.values.append(consumeKnown ? consumed / seconds : kUnknown);
        produce.timesSec.append(t);
        produce.values.append(produceKnown ? produced / seconds : kUnknown);
    }
    chart->series = {consume, produce};
}

void produceRate(const GroupHistory &history, LagChartData *chart)
{
    ChartSeries total = seriesOver(tr("Produce rate"), history);
    for (qsizetype i = 1; i < history.samples.size(); ++i) {
        const QHash<TopicPartition, double> rates = appendedPerSecond(history.samples[i - 1], history.samples[i]);
        double sum = 0;
        for (const double r : rates)
            sum += r;
        total.timesSec.append(double(history.samples[i].timeMs) / 1000.0);
        total.values.append(rates.isEmpty() ? kUnknown : sum);
    }
    chart->series.append(total);
}

void produceRatePerPartition(const GroupHistory &history, int maxSeries, LagChartData *chart)
{
    QList<QHash<TopicPartition, double>> steps;
    QHash<TopicPartition, double> appended; // over the range: what ranks the partitions
    for (qsizetype i = 1; i < history.samples.size(); ++i) {
        steps.append(appendedPerSecond(history.samples[i - 1], history.samples[i]));
        const double seconds = double(history.samples[i].timeMs - history.samples[i - 1].timeMs) / 1000.0;
        for (auto it = steps.back().cbegin(); it != steps.back().cend(); ++it)
            appended[it.key()] += it.value() * seconds;
    }
    if (history.samples.size() == 1) { // one sample: no rate yet, but the partitions are known
        for (const PartitionSample &p : history.samples.first().partitions)
            appended.insert(p.tp, 0);
    }
    PartitionSeries shown = topPartitions(history, appended, maxSeries, true);
    if (shown.rest > 0)
        chart->note = tr("%1 more partitions are summed as \"other\".").arg(shown.rest);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        QVector<double> values(shown.series.size(), kUnknown);
        double other = 0;
        bool otherKnown = false;
        for (auto it = steps[i].cbegin(); it != steps[i].cend(); ++it) {
            const auto own = shown.index.constFind(it.key());
            if (own != shown.index.cend()) {
                values[*own] = it.value();
            } else {
                other += it.value();
                otherKnown = true;
            }
        }
        if (shown.rest > 0 && otherKnown)
            values.back() = other;
        const double t = double(history.samples[i + 1].timeMs) / 1000.0;
        for (qsizetype s = 0; s < shown.series.size(); ++s) {
            shown.series[s].timesSec.append(t);
            shown.series[s].values.append(values[s]);
        }
    }
    chart->series = shown.series;
}

void highWatermarks(const GroupHistory &history, int maxSeries, LagChartData *chart)
{
    QHash<TopicPartition, double> newest;
    for (const GroupSample &sample : history.samples) {
        for (const PartitionSample &p : sample.partitions) {
            if (p.highWatermark >= 0)
                newest.insert(p.tp, double(p.highWatermark));
        }
    }
    // HWs of different partitions do not add up to anything: the rest is left out, and the note says so.
    PartitionSeries shown = topPartitions(history, newest, maxSeries, false);
    if (shown.rest > 0)
        chart->note = tr("The %1 partitions with the highest HW are shown; %2 more are not.")
                          .arg(shown.series.size())
                          .arg(shown.rest);
    for (const GroupSample &sample : history.samples) {
        QVector<double> values(shown.series.size(), kUnknown);
        for (const PartitionSample &p : sample.partitions) {
            const auto own = shown.index.constFind(p.tp);
            if (own != shown.index.cend() && p.highWatermark >= 0)
                values[*own] = double(p.highWatermark);
        }
        for (qsizetype s = 0; s < shown.series.size(); ++s) {
            shown.series[s].timesSec.append(double(sample.timeMs) / 1000.0);
            shown.series[s].values.append(values[s]);
        }
    }
    chart->series = shown.series;
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Splits one CSV line (RFC 4180 quoting); false when a quote is left open.
bool splitCsvLine(const QString &line, QStringList *fields)
{
    fields->clear();
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields->append(field);
            field.clear();
        } else {
            field += c;
        }
    }
    fields->append(field);
    return !quoted;
}
} // namespace

QString lagChartKindName(LagChartKind kind)
{
    switch (kind) {
    case LagChartKind::TotalLag:
        return tr("Total lag");
    case LagChartKind::LagPerTopic:
        return tr("Lag per topic");
    case LagChartKind::LagPerPartition:
        return tr("Lag per partition");
    case LagChartKind::TimeLag:
        return tr("Time lag");
    case LagChartKind::Rates:
        return tr("Consume vs produce rate");
    case LagChartKind::ProduceRate:
        return tr("Produce rate");
    case LagChartKind::ProduceRatePerPartition:
        return tr("Produce rate per partition");
    case LagChartKind::HighWatermarks:
        return tr("High watermark per partition");
    }
    return {};
}

QList<LagChartKind> chartKindsFor(HistorySubject subject)
{
    if (subject == HistorySubject::Topic)
        return {LagChartKind::ProduceRate, LagChartKind::ProduceRatePerPartition, LagChartKind::HighWatermarks};
    return {LagChartKind::TotalLag, LagChartKind::LagPerTopic, LagChartKind::LagPerPartition, LagChartKind::TimeLag,
            LagChartKind::Rates};
}

LagChartData buildLagChart(const GroupHistory &history, LagChartKind kind, int maxSeries)
{
    LagChartData chart;
    chart.groupId = history.groupId;
    chart.subject = history.subject;
    chart.kind = kind;
    chart.sampleCount = history.samples.size();
    chart.newestMs = history.samples.isEmpty() ? 0 : history.samples.back().timeMs;
    chart.error = history.error;
    if (!chartKindsFor(history.subject).contains(kind)) {
        chart.note = tr("%1 is not a chart of this history.").arg(lagChartKindName(kind));
        return chart;
    }
    switch (kind) {
    case LagChartKind::TotalLag:
        chart.unit = tr("messages");
        totalLag(history, &chart);
        break;
    case LagChartKind::LagPerTopic:
        chart.unit = tr("messages");
        chart.stackable = true;
        lagPerTopic(history, &chart);
        break;
    case LagChartKind::LagPerPartition:
        chart.unit = tr("messages");
        chart.stackable = true;
        lagPerPartition(history, maxSeries, &chart);
        break;
    case LagChartKind::TimeLag:
        chart.unit = tr("seconds");
        timeLag(history, &chart);
        break;
    case LagChartKind::Rates:
        chart.unit = tr("messages/s");
        rates(history, &chart);
        break;
    case LagChartKind::ProduceRate:
        chart.unit = tr("messages/s");
        produceRate(history, &chart);
        break;
    case LagChartKind::ProduceRatePerPartition:
        chart.unit = tr("messages/s");
        chart.stackable = true;
        produceRatePerPartition(history, maxSeries, &chart);
        break;
    case LagChartKind::HighWatermarks:
        chart.unit = tr("offset");
        highWatermarks(history, maxSeries, &chart);
        break;
    }
    return chart;
}

QByteArray chartToCsv(const LagChartData &chart)
{
    // Rows are the union of the series' times (rates start one sample later than the others).
    QMap<qint64, QVector<double>> rows;
    for (qsizetype s = 0; s < chart.series.size(); ++s) {
        const ChartSeries &series = chart.series[s];
        for (qsizetype i = 0; i < series.timesSec.size(); ++i) {
            const qint64 ms = qint64(std::llround(series.timesSec[i] * 1000.0));
            auto it = rows.find(ms);
            if (it == rows.end())
                it = rows.insert(ms, QVector<double>(chart.series.size(), kUnknown));
            (*it)[s] = series.values.value(i, kUnknown);
        }
    }
    QString out = QStringLiteral("time_utc");
    for (const ChartSeries &series : chart.series)
        out += QLatin1Char(',') + csvField(series.name);
    out += QLatin1Char('\n');
    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        out += QDateTime::fromMSecsSinceEpoch(it.key(), Qt::UTC).toString(Qt::ISODateWithMs);
        for (const double v : it.value()) {
            out += QLatin1Char(',');
            if (!std::isnan(v))
                out += QString::number(v, 'g', 15);
        }
        out += QLatin1Char('\n');
    }
    return out.toUtf8();
}

bool chartFromCsv(const QByteArray &csv, LagChartData *chart, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QStringList lines = QString::fromUtf8(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return fail(tr("the file is empty"));
    QStringList header;
    if (!splitCsvLine(lines.first(), &header) || header.value(0) != QLatin1String("time_utc"))
        return fail(tr("line 1: expected a header starting with time_utc"));
    chart->series.clear();
    for (qsizetype i = 1; i < header.size(); ++i)
        chart->series.append(ChartSeries{header[i], {}, {}});
    QStringList fields;
    for (qsizetype n = 1; n < lines.size(); ++n) {
        if (!splitCsvLine(lines[n], &fields) || fields.size() != header.size())
            return fail(tr("line %1: expected %2 fields").arg(n + 1).arg(header.size()));
        const QDateTime time = QDateTime::fromString(fields[0], Qt::ISODateWithMs);
        if (!time.isValid() || time.offsetFromUtc() != 0)
            return fail(tr("line %1: not an ISO-8601 UTC time: %2").arg(n + 1).arg(fields[0]));
        for (qsizetype i = 1; i < fields.size(); ++i) {
            if (fields[i].isEmpty())
                continue; // this series has no point at this time (rates start later) or it is unknown
            bool ok = false;
            const double v = fields[i].toDouble(&ok);
            if (!ok)
                return fail(tr("line %1: not a number: %2").arg(n + 1).arg(fields[i]));
            chart->series[i - 1].timesSec.append(double(time.toMSecsSinceEpoch()) / 1000.0);
            chart->series[i - 1].values.append(v);
        }
    }
    return true;
}

} // namespace OffsetLens
