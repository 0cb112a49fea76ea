#include "connectiontestpanel.h"

#include "connectiontester.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace OffsetLens {

namespace {
using Kind = ProbeStep::Kind;
using Status = ProbeStep::Status;

constexpr Kind kKinds[] = {Kind::Bootstrap,       Kind::Resolve,    Kind::Connect,     Kind::Handshake,
                           Kind::DescribeCluster, Kind::ListGroups, Kind::ListOffsets, Kind::CommittedOffsets};

enum Column
{
    StepColumn,
    ResultColumn,
    TimeColumn,
};

// A dot in the status's colour with a glyph drawn in lines, so it needs no icon theme and no font with ✓ in it.
QIcon statusIcon(std::optional<Status> status, const QPalette &palette)
{
    constexpr int size = 16;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette.color(QPalette::Text);
    QColor fill;
    if (!status)
        fill = QColor();
    else if (*status == Status::Ok)
        fill = QColor(0x2e, 0x9e, 0x44);
    else if (*status == Status::Warning)
        fill = QColor(0xd9, 0x8c, 0x00);
    else if (*status == Status::Failed)
        fill = QColor(0xd0, 0x30, 0x30);
    if (!fill.isValid()) { // skipped, or not done yet: an outline only
        p.setPen(QPen(text, 1.2, status ? Qt::SolidLine : Qt::DotLine));
        p.drawEllipse(QRectF(2.5, 2.5, size - 5, size - 5));
        if (status)
            p.drawLine(QPointF(5.5, 8), QPointF(10.5, 8));
        return QIcon(pixmap);
    }
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    switch (*status) {
    case Status::Ok:
        p.drawPolyline(QPolygonF({QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)}));
        break;
    case Status::Warning:
        p.drawLine(QPointF(8, 4.5), QPointF(8, 9));
        p.drawPoint(QPointF(8, 11.8));
        break;
    default:
        p.drawLine(QPointF(5.5, 5.5), QPointF(10.5, 10.5));
        p.drawLine(QPointF(10.5, 5.5), QPointF(5.5, 10.5));
        break;
    }
    return QIcon(pixmap);
}

QString statusWords(Status status)
{
    switch (status) {
    case Status::Ok:
        return ConnectionTestPanel::tr("ok");
    case Status::Warning:
        return ConnectionTestPanel::tr("warning");
    case Status::Failed:
        return ConnectionTestPanel::tr("failed");
    case Status::Skipped:
        return ConnectionTestPanel::tr("skipped");
    }
    return {};
}

QString verdictWords(ProbeReport::Verdict verdict)
{
    switch (verdict) {
    case ProbeReport::Verdict::Connected:
        return ConnectionTestPanel::tr("Connected");
    case ProbeReport::Verdict::ConnectedWithProblems:
        return ConnectionTestPanel::tr("Connected, with problems");
    case ProbeReport::Verdict::NotConnected:
        return ConnectionTestPanel::tr("Not connected");
    case ProbeReport::Verdict::Cancelled:
        return ConnectionTestPanel::tr("Stopped");
    }
    return {};
}

std::optional<Status> verdictStatus(ProbeReport::Verdict verdict)
{
    switch (verdict) {
    case ProbeReport::Verdict::Connected:
        return Status::Ok;
    case ProbeReport::Verdict::ConnectedWithProblems:
        return Status::Warning;
    case ProbeReport::Verdict::NotConnected:
        return Status::Failed;
    case ProbeReport::Verdict::Cancelled:
        return Status::Skipped;
    }
    return std::nullopt;
}
} // namespace

ConnectionTestPanel::ConnectionTestPanel(QWidget *parent)
    : QWidget(parent)
    , m_tester(new ConnectionTester(this))
    , m_ticker(new QTimer(this))
{
    m_button = new QPushButton(tr("&Test Connection"), this);
    m_button->setObjectName(QStringLiteral("testConnection"));
    m_button->setAutoDefault(false); // Enter connects; testing is its own decision
    m_icon = new QLabel(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("testSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setMinimumHeight(2 * m_summary->fontMetrics().lineSpacing() + 2); // never clipped by the splitter
    m_summary->setText(tr("Checks name resolution, the TCP connection, TLS and SASL, then what the profile may "
                          "read. Nothing is saved or written."));

    m_steps = new QTreeWidget(this);
    m_steps->setObjectName(QStringLiteral("testSteps"));
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->setHeaderLabels({tr("Step"), tr("Result"), tr("Time")});
    m_steps->header()->setStretchLastSection(false);
    m_steps->header()->setSectionResizeMode(StepColumn, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(ResultColumn, QHeaderView::Stretch);
    m_steps->header()->setSectionResizeMode(TimeColumn, QHeaderView::ResizeToContents);
    for (Kind kind : kKinds) {
        auto *item = new QTreeWidgetItem(m_steps, {ProbeStep::title(kind)});
        item->setTextAlignment(TimeColumn, Qt::AlignRight | Qt::AlignVCenter);
    }
    // Room for every step and no more: the details box below takes what is left.
    const int rowHeight = std::max(m_steps->sizeHintForRow(0), fontMetrics().height() + 6);
    m_steps->setFixedHeight(rowHeight * int(std::size(kKinds)) + 2 * m_steps->frameWidth() +
                            m_steps->header()->sizeHint().height() + 2);
    m_steps->hide();

    m_detailsToggle = new QToolButton(this);
    m_detailsToggle->setObjectName(QStringLiteral("testDetailsToggle"));
    m_detailsToggle->setText(tr("Show &Details"));
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    m_detailsToggle->setAutoRaise(true);
    m_detailsToggle->hide();
    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("testDetails"));
    m_details->setReadOnly(true);
    m_details->setTabChangesFocus(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->hide();
    connect(m_detailsToggle, &QToolButton::toggled, this, [this](bool on) {
        m_details->setVisible(on);
        m_detailsToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        m_detailsToggle->setText(on ? tr("Hide &Details") : tr("Show &Details"));
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_button, 0, Qt::AlignTop);
    top->addWidget(m_icon, 0, Qt::AlignTop);
    top->addWidget(m_summary, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_steps);
    layout->addWidget(m_detailsToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_details, 1);

    connect(m_button, &QPushButton::clicked, this, [this] {
        if (isRunning())
            cancel();
        else
            Q_EMIT testRequested();
    });
    connect(m_tester, &ConnectionTester::stepFinished, this, &ConnectionTestPanel::onStep);
    connect(m_tester, &ConnectionTester::finished, this, &ConnectionTestPanel::onFinished);
    m_ticker->setInterval(250);
    connect(m_ticker, &QTimer::timeout, this, &ConnectionTestPanel::tick);
}

ConnectionTestPanel::~ConnectionTestPanel() = default; // the tester cancels its test and never waits for it

bool ConnectionTestPanel::isRunning() const
{
    return m_tester->isRunning();
}

void ConnectionTestPanel::start(const ConnectionProfile &profile)
{
    start(profile, ProbeOptions::forProfile(profile));
}

void ConnectionTestPanel::start(const ConnectionProfile &profile, const ProbeOptions &options)
{
    m_secrets = profile.secrets;
    m_finished.clear();
    m_report.reset();
    for (int row = 0; row < m_steps->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_steps->topLevelItem(row);
        item->setIcon(StepColumn, statusIcon(std::nullopt, palette()));
        item->setText(ResultColumn, QString());
        item->setText(TimeColumn, QString());
        item->setToolTip(ResultColumn, QString());
    }
    m_steps->show();
    m_detailsToggle->show();
    m_clock.start();
    m_tester->start(profile, options);
    setRunning(true);
    tick();
    updateDetails();
}

void ConnectionTestPanel::cancel()
{
    if (!isRunning())
        return;
    m_tester->cancel(); // its later signals are dropped: say here what became of the test
    ProbeReport report;
    report.verdict = ProbeReport::Verdict::Cancelled;
    report.summary = tr("The test was stopped before it finished.");
    report.category = DiagnosisCategory::Cancelled;
    report.steps = m_finished;
    for (Kind kind : kKinds) {
        if (!report.step(kind)) {
            ProbeStep skipped;
            skipped.kind = kind;
            skipped.status = Status::Skipped;
            skipped.message = tr("not tried: the test was stopped");
            skipped.category = DiagnosisCategory::Cancelled;
            report.steps.append(skipped);
        }
    }
    report.elapsedMs = m_clock.elapsed();
    onFinished(report);
}

void ConnectionTestPanel::clear()
{
    if (isRunning())
        m_tester->cancel();
    setRunning(false);
    m_finished.clear();
    m_report.reset();
    m_secrets = {};
    m_steps->hide();
    m_detailsToggle->hide();
    m_detailsToggle->setChecked(false);
    m_details->clear();
    m_icon->clear();
    m_summary->setText(tr("Checks name resolution, the TCP connection, TLS and SASL, then what the profile may "
                          "read. Nothing is saved or written."));
}

QString ConnectionTestPanel::scrubbed(QString text, const ProfileSecrets &secrets)
{
    QStringList values{secrets.saslPassword, secrets.oauthClientSecret, secrets.sslKeyPassword};
    values += secrets.secretProperties.values();
    // Longest first, so that a secret containing another is hidden whole. Very short ones are left: hiding every
    // "a" would garble the text and say which letters the password has.
    std::sort(values.begin(), values.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : std::as_const(values)) {
        if (secret.size() >= 3)
            text.replace(secret, QStringLiteral("[hidden]"));
    }
    return text;
}

void ConnectionTestPanel::onStep(const ProbeStep &step)
{
    m_finished.append(step);
    showStep(step);
    updateDetails();
    tick();
}

void ConnectionTestPanel::showStep(ProbeStep step)
{
    const auto row = std::find(std::begin(kKinds), std::end(kKinds), step.kind) - std::begin(kKinds);
    QTreeWidgetItem *item = m_steps->topLevelItem(int(row));
    if (!item)
        return;
    step.message = scrubbed(step.message, m_secrets);
    item->setIcon(StepColumn, statusIcon(step.status, palette()));
    item->setText(ResultColumn, step.message.isEmpty() ? statusWords(step.status) : step.message);
    item->setToolTip(ResultColumn, step.message);
    item->setText(TimeColumn, step.status == Status::Skipped ? QString() : tr("%1 ms").arg(step.elapsedMs));
    item->setData(ResultColumn, Qt::AccessibleTextRole,
                  QStringLiteral("%1: %2").arg(statusWords(step.status), step.message));
}

void ConnectionTestPanel::onFinished(const ProbeReport &report)
{
    m_report = report;
    m_report->summary = scrubbed(report.summary, m_secrets);
    for (ProbeStep &step : m_report->steps) {
        step.message = scrubbed(step.message, m_secrets);
        step.details = scrubbed(step.details, m_secrets);
    }
    m_finished = m_report->steps;
    for (const ProbeStep &step : std::as_const(m_report->steps))
        showStep(step);
    setRunning(false);
    const QIcon icon = statusIcon(verdictStatus(report.verdict), palette());
    m_icon->setPixmap(icon.pixmap(16, 16));
    m_summary->setText(QStringLiteral("<b>%1.</b> %2")
                           .arg(verdictWords(report.verdict).toHtmlEscaped(), m_report->summary.toHtmlEscaped()));
    updateDetails();
    Q_EMIT finished(*m_report);
}

void ConnectionTestPanel::setRunning(bool running)
{
    m_button->setText(running ? tr("S&top Test") : tr("&Test Connection"));
    if (running) {
        m_icon->clear();
        m_ticker->start();
    } else {
        m_ticker->stop();
    }
}

void ConnectionTestPanel::tick()
{
    if (!isRunning())
        return;
    const qsizetype done = m_finished.size();
    const QString current = done < qsizetype(std::size(kKinds)) ? ProbeStep::title(kKinds[done]) : QString();
    m_summary->setText(tr("Testing… %1 (%2 s)").arg(current).arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 1));
    if (QTreeWidgetItem *item = m_steps->topLevelItem(int(done)))
        item->setText(ResultColumn, tr("running…"));
}

void ConnectionTestPanel::updateDetails()
{
    QStringList lines;
    for (const ProbeStep &step : std::as_const(m_finished)) {
        lines.append(
            QStringLiteral("== %1: %2 (%3 ms)").arg(step.title(), statusWords(step.status)).arg(step.elapsedMs));
        if (!step.message.isEmpty())
            lines.append(step.message);
        if (!step.details.isEmpty())
            lines.append(step.details);
        lines.append(QString());
    }
    if (m_report)
        lines.append(QStringLiteral("== %1 in %2 ms: %3")
                         .arg(verdictWords(m_report->verdict))
                         .arg(m_report->elapsedMs)
                         .arg(m_report->summary));
    m_details->setPlainText(scrubbed(lines.join(QLatin1Char('\n')), m_secrets));
}

QString ConnectionTestPanel::summaryText() const
{
    return m_summary->text();
}

QString ConnectionTestPanel::detailsText() const
{
    return m_details->toPlainText();
}

} // namespace OffsetLens
