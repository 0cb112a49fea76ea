#include "lagchartview.h"

#include "numberformat.h"
#include "qcustomplot_include.h"
#include "visualiserstyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace OffsetLens {

namespace {
constexpr quint32 kStateVersion = 2; // 2: a kind per subject

// Counts of messages and offsets read as whole numbers; seconds and rates with decimals.
bool wholeNumbers(LagChartKind kind)
{
    switch (kind) {
    case LagChartKind::TotalLag:
    case LagChartKind::LagPerTopic:
    case LagChartKind::LagPerPartition:
    case LagChartKind::HighWatermarks:
        return true;
    case LagChartKind::TimeLag:
    case LagChartKind::Rates:
    case LagChartKind::ProduceRate:
    case LagChartKind::ProduceRatePerPartition:
        return false;
    }
    return false;
}

int subjectIndex(HistorySubject subject)
{
    return subject == HistorySubject::Topic ? 1 : 0;
}

QString valueText(double v, bool wholeMessages)
{
    if (std::isnan(v))
        return QObject::tr("unknown");
    if (wholeMessages)
        return formatCount(qint64(std::llround(v)));
    return QString::number(v, 'f', v < 10 ? 2 : 1);
}
// A gap is a pause in the recording (the app was not running, the cluster not reachable): a step more than five
// times longer than the steps beside it, and at least 30 s. Judged locally, because the history's resolution itself
// changes with age (every refresh, then one a minute, then one per ten minutes) and those steps are not gaps.
void insertGaps(QVector<double> *times, QVector<double> *values)
{
    if (times->size() < 2)
        return;
    const auto step = [&](qsizetype i) {
        return i >= 1 && i < times->size() ? (*times)[i] - (*times)[i - 1] : 0.0;
    };
    QVector<double> t;
    QVector<double> v;
    t.reserve(times->size());
    v.reserve(values->size());
    for (qsizetype i = 0; i < times->size(); ++i) {
        if (i > 0) {
            const double here = step(i);
            const double around = std::max(step(i - 1), step(i + 1));
            if (here > 30.0 && (around == 0 || here > 5 * around)) {
                t.append(((*times)[i] + (*times)[i - 1]) / 2);
                v.append(std::nan(""));
            }
        }
        t.append((*times)[i]);
        v.append((*values)[i]);
    }
    *times = std::move(t);
    *values = std::move(v);
}

} // namespace

QList<LagChartView::Preset> LagChartView::presets()
{
    return {{tr("Last 5 min"), 300},     {tr("Last 15 min"), 900},     {tr("Last hour"), 3600},
            {tr("Last 6 hours"), 21600}, {tr("Last 24 hours"), 86400}, {tr("Last 7 days"), 604800}};
}

LagChartView::LagChartView(QWidget *parent)
    : QWidget(parent)
    , m_kindBox(new QComboBox(this))
    , m_rangeBox(new QComboBox(this))
    , m_stack(new QCheckBox(tr("&Stacked"), this))
    , m_export(new QPushButton(tr("E&xport…"), this))
    , m_status(new QLabel(this))
    , m_plot(new QCustomPlot(this))
{
    fillKinds();
    m_kindBox->setAccessibleName(tr("Chart"));
    for (const Preset &p : presets())
        m_rangeBox->addItem(p.name, p.seconds);
    m_rangeBox->addItem(tr("Custom (zoomed or dragged)"), 0);
    m_rangeBox->setAccessibleName(tr("Time range"));
    m_rangeBox->setCurrentIndex(*m_preset);
    m_stack->setChecked(true);
    m_stack->setToolTip(tr("Stack the series so that they add up to the group's total lag"));
    m_export->setToolTip(tr("Save the chart as PNG, JPG or PDF, or its series as CSV"));
    m_status->setWordWrap(true);
    m_status->setVisible(false);

    connect(m_kindBox, &QComboBox::currentIndexChanged, this,
            [this] { setKind(LagChartKind(m_kindBox->currentData().toInt())); });
    connect(m_rangeBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index < presets().size())
            setPreset(index);
    });
    connect(m_stack, &QCheckBox::toggled, this, [this] { render(); });
    connect(m_export, &QPushButton::clicked, this, &LagChartView::exportRequested);

    m_plot->setMinimumHeight(180);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::LocalTime);
    ticker->setDateTimeFormat(QStringLiteral("HH:mm:ss\nd MMM"));
    m_plot->xAxis->setTicker(ticker);
    const QDateTime now = QDateTime::currentDateTime();
    m_plot->xAxis->setLabel(tr("local time (UTC%1)")
                                .arg(now.timeZoneAbbreviation().startsWith(QLatin1String("UTC"))
                                         ? now.timeZoneAbbreviation().mid(3)
                                         : now.toString(QStringLiteral("t"))));
    m_plot->legend->setVisible(true);
    m_plot->legend->setSelectableParts(QCPLegend::spItems);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    m_plot->plotLayout()->addElement(0, 0, m_title);

    m_cursor = new QCPItemStraightLine(m_plot);
    m_cursor->setVisible(false);
    m_cursor->setSelectable(false);
    m_readout = new QCPItemText(m_plot);
    m_readout->setVisible(false);
    m_readout->setSelectable(false);
    m_readout->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
    m_readout->setTextAlignment(Qt::AlignLeft);
    m_readout->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_readout->position->setCoords(0.995, 0.02);
    m_readout->setPadding(QMargins(6, 4, 6, 4));

    connect(m_plot, &QCustomPlot::mouseMove, this, &LagChartView::onMouseMove);
    connect(m_plot, &QCustomPlot::legendClick, this, [this](QCPLegend *, QCPAbstractLegendItem *item, QMouseEvent *) {
        // A click on a legend entry hides or shows its series, and the choice survives refreshes.
        auto *plItem = qobject_cast<QCPPlottableLegendItem *>(item);
        if (!plItem)
            return;
        const QString name = plItem->plottable()->name();
        if (m_hidden.contains(name))
            m_hidden.removeAll(name);
        else
            m_hidden.append(name);
        render();
    });
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this](const QCPRange &r) {
        if (m_settingRange)
            return;
        // The user zoomed or dragged: a fixed range now, and the caller may need more history.
        m_preset.reset();
        m_fixed = {qint64(r.lower * 1000), qint64(r.upper * 1000)};
        {
            const QSignalBlocker block(m_rangeBox);
            m_rangeBox->setCurrentIndex(m_rangeBox->count() - 1);
        }
        updateTitle();
        Q_EMIT rangeChanged(m_fixed.first, m_fixed.second);
    });

    auto *controls = new QHBoxLayout;
    auto *kindLabel = new QLabel(tr("C&hart:"), this);
    kindLabel->setBuddy(m_kindBox);
    auto *rangeLabel = new QLabel(tr("R&ange:"), this);
    rangeLabel->setBuddy(m_rangeBox);
    controls->addWidget(kindLabel);
    controls->addWidget(m_kindBox);
    controls->addWidget(rangeLabel);
    controls->addWidget(m_rangeBox);
    controls->addWidget(m_stack);
    controls->addStretch(1);
    controls->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_plot, 1);

    applyPalette();
    render();
}

void LagChartView::fillKinds()
{
    const QSignalBlocker block(m_kindBox);
    m_kindBox->clear();
    for (const LagChartKind kind : chartKindsFor(m_subject))
        m_kindBox->addItem(lagChartKindName(kind), int(kind));
    m_kindBox->setCurrentIndex(std::max(0, m_kindBox->findData(int(m_kindOf[subjectIndex(m_subject)]))));
}

LagChartKind LagChartView::kind() const
{
    return LagChartKind(m_kindBox->currentData().toInt());
}

void LagChartView::setSubject(HistorySubject subject, const QString &name)
{
    if (subject == m_subject && name == m_name)
        return;
    const bool kindsChange = subject != m_subject;
    m_subject = subject;
    m_name = name;
    if (kindsChange)
        fillKinds();
    m_data = LagChartData{};
    m_data.groupId = name;
    m_data.subject = subject;
    m_data.kind = kind();
    m_hidden.clear();
    m_waiting = !name.isEmpty();
    render();
    if (!name.isEmpty())
        Q_EMIT dataNeeded();
}

bool LagChartView::setChartData(const LagChartData &chart)
{
    if (chart.groupId != m_name || chart.subject != m_subject || chart.kind != kind())
        return false;
    m_data = chart;
    m_waiting = false;
    render();
    return true;
}

void LagChartView::setHistory(const GroupHistory &history)
{
    setSubject(history.subject, history.groupId);
    setChartData(buildLagChart(history, kind()));
}

void LagChartView::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void LagChartView::setKind(LagChartKind kind)
{
    const int index = m_kindBox->findData(int(kind));
    if (index < 0)
        return; // not a chart of this subject
    if (index != m_kindBox->currentIndex()) {
        m_kindBox->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    m_kindOf[subjectIndex(m_subject)] = kind;
    if (m_data.kind != kind) {
        // Nothing of the old kind stays on screen while the new one is built.
        m_data = LagChartData{};
        m_data.groupId = m_name;
        m_data.subject = m_subject;
        m_data.kind = kind;
        m_waiting = !m_name.isEmpty();
        render();
        if (!m_name.isEmpty())
            Q_EMIT dataNeeded();
    }
}

void LagChartView::setStacked(bool stacked)
{
    m_stack->setChecked(stacked);
}

bool LagChartView::isStacked() const
{
    return m_stack->isChecked();
}

void LagChartView::setPreset(int index)
{
    if (index < 0 || index >= presets().size())
        return;
    m_preset = index;
    {
        const QSignalBlocker block(m_rangeBox);
        m_rangeBox->setCurrentIndex(index);
    }
    applyRange();
    updateTitle();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    const auto [from, to] = range();
    Q_EMIT rangeChanged(from, to);
}

void LagChartView::setRange(qint64 fromMs, qint64 toMs)
{
    m_preset.reset();
    m_fixed = {std::min(fromMs, toMs), std::max(fromMs, toMs)};
    {
        const QSignalBlocker block(m_rangeBox);
        m_rangeBox->setCurrentIndex(m_rangeBox->count() - 1);
    }
    applyRange();
    updateTitle();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::pair<qint64, qint64> LagChartView::range() const
{
    if (!m_preset)
        return m_fixed;
    // A preset ends at the newest sample or now, whichever is later, so that a live chart scrolls with the clock.
    const qint64 end = std::max(QDateTime::currentMSecsSinceEpoch(), m_data.newestMs);
    return {end - presets()[*m_preset].seconds * 1000, end};
}

void LagChartView::applyRange()
{
    const auto [from, to] = range();
    m_settingRange = true;
    m_plot->xAxis->setRange(double(from) / 1000.0, double(to) / 1000.0);
    m_settingRange = false;
}

LagChartData LagChartView::shownData() const
{
    LagChartData shown = m_data;
    const auto [from, to] = range();
    for (ChartSeries &s : shown.series) {
        ChartSeries cut{s.name, {}, {}};
        for (qsizetype i = 0; i < s.timesSec.size(); ++i) {
            const qint64 ms = qint64(std::llround(s.timesSec[i] * 1000));
            if (ms >= from && ms <= to) {
                cut.timesSec.append(s.timesSec[i]);
                cut.values.append(s.values[i]);
            }
        }
        s = cut;
    }
    shown.series.removeIf([this](const ChartSeries &s) { return m_hidden.contains(s.name); });
    return shown;
}

void LagChartView::render()
{
    const LagChartKind kind = m_data.kind;
    m_stack->setEnabled(m_data.stackable);
    const bool stacked = m_data.stackable && m_stack->isChecked();
    const VisualiserStyle style = VisualiserStyle::fromPalette(palette());

    m_plot->clearGraphs();
    QCPGraph *below = nullptr;
    QVector<double> base; // the stack's running total at each sample time (series of one chart share their times)
    for (qsizetype i = 0; i < m_data.series.size(); ++i) {
        const ChartSeries &s = m_data.series[i];
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(s.name);
        QColor colour = style.groupColour(i);
        const bool hidden = m_hidden.contains(s.name);
        QVector<double> values = s.values;
        if (stacked) {
            if (base.size() != values.size())
                base = QVector<double>(values.size(), 0.0);
            for (qsizetype k = 0; k < values.size(); ++k) {
                // An unknown value adds nothing to the stack but leaves a gap in its own band.
                if (!hidden && !std::isnan(values[k]))
                    base[k] += values[k];
                values[k] = std::isnan(values[k]) ? std::nan("") : base[k];
            }
        }
        // Where the app was not running (or the cluster not reachable) there are no samples: break the line there
        // rather than draw a straight line across hours nobody observed.
        QVector<double> times = s.timesSec;
        insertGaps(&times, &values);
        graph->setData(times, values, true);
        QPen pen(colour, 2);
        if (hidden) {
            colour.setAlphaF(0.25f);
            pen.setColor(colour);
        }
        graph->setPen(pen);
        graph->setVisible(!hidden);
        graph->setLineStyle(QCPGraph::lsLine);
        graph->setScatterStyle(s.timesSec.size() <= 2 ? QCPScatterStyle(QCPScatterStyle::ssCircle, 5)
                                                      : QCPScatterStyle::ssNone);
        if (stacked && !hidden) {
            QColor fill = colour;
            fill.setAlphaF(0.35f);
            graph->setBrush(fill);
            if (below)
                graph->setChannelFillGraph(below);
            below = graph;
        }
        // Rates: produce dashed, so the two lines differ by more than colour.
        if (kind == LagChartKind::Rates && i == 1)
            graph->setPen(QPen(colour, 2, Qt::DashLine));
        if (hidden)
            graph->setName(s.name + tr(" (hidden)"));
    }
    // Hidden series stay in the legend (greyed) so they can be shown again.
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        if (!m_plot->graph(i)->visible())
            m_plot->graph(i)->addToLegend();
    }
    m_plot->yAxis->setLabel(m_data.unit);
    m_plot->yAxis->rescale(true);
    QCPRange y = m_plot->yAxis->range();
    m_plot->yAxis->setRange(std::min(0.0, y.lower), std::max(1.0, y.upper * 1.08));
    QString status = m_data.error;
    if (!m_data.note.isEmpty())
        status += (status.isEmpty() ? QString() : QStringLiteral("\n")) + m_data.note;
    if (m_waiting)
        status = tr("Reading the history of %1…").arg(m_name);
    else if (m_data.sampleCount == 0 && !m_name.isEmpty())
        status = (m_subject == HistorySubject::Topic
                      ? tr("No history of topic %1 yet: it is recorded at every refresh while OffsetLens runs.")
                      : tr("No lag history of %1 yet: it is recorded at every refresh while OffsetLens runs."))
                     .arg(m_name);
    setStatus(status);
    applyRange();
    updateTitle();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LagChartView::updateTitle()
{
    const auto [from, to] = range();
    const QString span = QStringLiteral("%1 – %2").arg(
        QDateTime::fromMSecsSinceEpoch(from).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
        QDateTime::fromMSecsSinceEpoch(to).toString(QStringLiteral("yyyy-MM-dd HH:mm t")));
    m_title->setText(m_name.isEmpty() ? lagChartKindName(m_data.kind)
                                      : tr("%1 — %2 — %3").arg(m_name, lagChartKindName(m_data.kind), span));
}

void LagChartView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        render();
    }
}

void LagChartView::applyPalette()
{
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    QColor grid = text;
    grid.setAlphaF(0.18f);
    m_plot->setBackground(p.color(QPalette::Base));
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    QColor legendBack = p.color(QPalette::Base);
    legendBack.setAlphaF(0.85f);
    m_plot->legend->setBrush(legendBack);
    m_plot->legend->setTextColor(text);
    m_plot->legend->setBorderPen(QPen(grid));
    m_title->setTextColor(text);
    m_cursor->setPen(QPen(text, 1, Qt::DashLine));
    m_readout->setColor(text);
    m_readout->setBrush(legendBack);
    m_readout->setPen(QPen(grid));
}

QString LagChartView::readoutAt(const QPoint &plotPos) const
{
    if (m_data.series.isEmpty() || !m_plot->axisRect()->rect().contains(plotPos))
        return {};
    const double t = m_plot->xAxis->pixelToCoord(plotPos.x());
    // The nearest sample time of the first series that has one.
    double nearest = std::nan("");
    for (const ChartSeries &s : m_data.series) {
        if (s.timesSec.isEmpty())
            continue;
        const auto it = std::lower_bound(s.timesSec.cbegin(), s.timesSec.cend(), t);
        double best = it == s.timesSec.cend() ? s.timesSec.back() : *it;
        if (it != s.timesSec.cbegin() && std::abs(*(it - 1) - t) < std::abs(best - t))
            best = *(it - 1);
        nearest = best;
        break;
    }
    if (std::isnan(nearest))
        return {};
    QStringList lines{QDateTime::fromMSecsSinceEpoch(qint64(std::llround(nearest * 1000)))
                          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"))};
    for (const ChartSeries &s : m_data.series) {
        if (m_hidden.contains(s.name))
            continue;
        const auto it = std::lower_bound(s.timesSec.cbegin(), s.timesSec.cend(), nearest - 1e-6);
        const double v = it != s.timesSec.cend() && std::abs(*it - nearest) < 1e-3 ? s.values[it - s.timesSec.cbegin()]
                                                                                   : std::nan("");
        lines.append(QStringLiteral("%1: %2 %3").arg(s.name, valueText(v, wholeNumbers(m_data.kind)), m_data.unit));
    }
    return lines.join(QLatin1Char('\n'));
}

void LagChartView::onMouseMove(QMouseEvent *event)
{
    const QString text = event->buttons() == Qt::NoButton ? readoutAt(event->position().toPoint()) : QString();
    m_readout->setVisible(!text.isEmpty());
    m_cursor->setVisible(!text.isEmpty());
    if (!text.isEmpty()) {
        m_readout->setText(text);
        const double x = m_plot->xAxis->pixelToCoord(event->position().x());
        m_cursor->point1->setCoords(x, 0);
        m_cursor->point2->setCoords(x, 1);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool LagChartView::exportTo(const QString &path, int width, int height, int dpi, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (width < 100 || height < 100 || width > 20000 || height > 20000)
        return fail(tr("the size must be between 100 and 20,000 pixels each way"));
    if (dpi < 48 || dpi > 1200)
        return fail(tr("the resolution must be between 48 and 1,200 DPI"));
    m_readout->setVisible(false);
    m_cursor->setVisible(false);
    bool ok = false;
    if (suffix == QLatin1String("csv")) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(tr("cannot write %1: %2").arg(path, file.errorString()));
        const QByteArray csv = chartToCsv(shownData());
        ok = file.write(csv) == csv.size() && file.flush();
        if (!ok)
            return fail(tr("cannot write %1: %2").arg(path, file.errorString()));
        return true;
    }
    // Raster: render at width/scale × height/scale logical pixels and scale up, so text and lines grow with the
    // DPI instead of shrinking on a large image.
    const double scale = double(dpi) / 96.0;
    const int w = int(std::lround(width / scale));
    const int h = int(std::lround(height / scale));
    const bool jpg = suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
    if (suffix == QLatin1String("png") || jpg) {
        QImage image = m_plot->toPixmap(w, h, scale).toImage();
        // w × scale is rarely a whole number: land on exactly the size asked for.
        if (image.size() != QSize(width, height))
            image = image.scaled(width, height, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        const int dotsPerMeter = int(std::lround(dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        ok = image.save(path, jpg ? "JPG" : "PNG", jpg ? 92 : -1);
    } else if (suffix == QLatin1String("pdf")) {
        // A page of width × height pixels at `dpi`: 1600 × 900 at 144 DPI is an 11 × 6 in page on which the text
        // has its normal size (the vectors scale without loss either way).
        ok = m_plot->savePdf(path, int(std::lround(width * 72.0 / dpi)), int(std::lround(height * 72.0 / dpi)),
                             QCP::epNoCosmetic, QStringLiteral("OffsetLens"), m_title->text());
    } else {
        return fail(tr("unknown format \"%1\": use .png, .jpg, .pdf or .csv").arg(suffix));
    }
    if (!ok)
        return fail(tr("cannot write %1").arg(path));
    return true;
}

QByteArray LagChartView::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateVersion << int(m_kindOf[0]) << int(m_kindOf[1]) << m_preset.value_or(-1) << m_stack->isChecked();
    return state;
}

bool LagChartView::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 version = 0;
    int kinds[2] = {int(m_kindOf[0]), int(m_kindOf[1])};
    int preset = -1;
    bool stacked = true;
    in >> version;
    if (version == 1) // a group chart's kind only
        in >> kinds[0];
    else
        in >> kinds[0] >> kinds[1];
    in >> preset >> stacked;
    if (in.status() != QDataStream::Ok || version < 1 || version > kStateVersion)
        return false;
    m_stack->setChecked(stacked);
    for (const HistorySubject subject : {HistorySubject::Group, HistorySubject::Topic}) {
        if (chartKindsFor(subject).contains(LagChartKind(kinds[subjectIndex(subject)])))
            m_kindOf[subjectIndex(subject)] = LagChartKind(kinds[subjectIndex(subject)]);
    }
    setKind(m_kindOf[subjectIndex(m_subject)]);
    if (preset >= 0)
        setPreset(preset);
    return true;
}

} // namespace OffsetLens
