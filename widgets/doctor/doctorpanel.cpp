#include "doctorpanel.h"

#include "copyabletableview.h"
#include "findingformat.h"
#include "findingsmodel.h"
#include "healthproxymodel.h"
#include "numberformat.h"
#include "panelparts.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {

// The partitions the detail pane lists; the rest are counted ("and 1,234 more"), and "Copy all" has them all.
constexpr qsizetype kShownPartitions = 40;

QString paragraphs(const QString &text)
{
    QString html;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        html += QStringLiteral("<p>") + line.toHtmlEscaped() + QStringLiteral("</p>");
    return html;
}

QString offsetCell(qint64 offset)
{
    return offset >= 0 ? formatOffset(offset) : QStringLiteral("-");
}

} // namespace

DoctorPanel::DoctorPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new FindingsModel(this))
    , m_filter(new FindingsFilterModel(this))
    , m_health(new HealthProxyModel(FindingsModel::SeverityRole, HealthProxyModel::Style::Background, this))
    , m_list(new CopyableTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_scopeLabel(PanelParts::titleLabel(this))
    , m_summary(PanelParts::noteLabel(QString(), this))
    , m_minimum(new QComboBox(this))
    , m_wholeCluster(new QCheckBox(tr("&Whole cluster"), this))
    , m_copy(new QPushButton(tr("Cop&y all"), this))
    , m_peek(new QPushButton(tr("&Peek…"), this))
    , m_clientSettings(new QPushButton(tr("Consumer &Settings…"), this))
    , m_actions(new QHBoxLayout)
    , m_blocked(PanelParts::warningLabel(this))
    , m_showTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("doctorPanel"));
    m_showTimer->setSingleShot(true);
    m_showTimer->setInterval(0);
    connect(m_showTimer, &QTimer::timeout, this, &DoctorPanel::flushShow);
    m_filter->setSourceModel(m_model);
    m_health->setSourceModel(m_filter);
    m_list->setModel(m_health);
    m_list->setSortingEnabled(false); // the doctor's order: worst first, causes before effects
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setWordWrap(false);
    QHeaderView *header = m_list->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(FindingsModel::SeverityColumn, 70);
    header->resizeSection(FindingsModel::SubjectColumn, 150);
    header->setStretchLastSection(true);
    m_list->verticalHeader()->hide();
    m_list->setObjectName(QStringLiteral("doctorList"));

    m_minimum->addItem(tr("All findings"), int(FindingSeverity::Info));
    m_minimum->addItem(tr("Warnings and errors"), int(FindingSeverity::Warning));
    m_minimum->addItem(tr("Errors only"), int(FindingSeverity::Error));
    m_minimum->setToolTip(tr("The least severe findings to list"));
    m_wholeCluster->setToolTip(tr("List the findings of every group and topic, whatever is selected in the tree"));
    m_copy->setToolTip(tr("Copy the listed findings as text, as `offsetlens doctor` prints them"));
    m_peek->setToolTip(tr("Read the messages at the first partition's committed offset"));
    m_clientSettings->setToolTip(tr("Say what this group's consumers use for auto.offset.reset and commits, which "
                                    "the brokers never see, so the doctor tells what will actually happen"));

    m_detail->setOpenLinks(false);
    m_detail->setObjectName(QStringLiteral("doctorDetail"));
    m_detail->setMinimumWidth(260);

    auto *top = new QHBoxLayout;
    top->addWidget(m_scopeLabel, 1);
    top->addWidget(m_wholeCluster);
    top->addWidget(m_minimum);
    top->addWidget(m_copy);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_detail, 1);
    rightLayout->addWidget(m_blocked);
    m_actions->addWidget(m_peek);
    m_actions->addWidget(m_clientSettings);
    m_actions->addStretch(1);
    rightLayout->addLayout(m_actions);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_list);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({460, 640}); // the list wide enough for the findings' titles
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    setFocusProxy(m_list);
    setTabOrder(m_list, m_detail);

    connect(m_minimum, &QComboBox::currentIndexChanged, this, &DoctorPanel::applyFilter);
    connect(m_wholeCluster, &QCheckBox::toggled, this, &DoctorPanel::applyFilter);
    connect(m_copy, &QPushButton::clicked, this, &DoctorPanel::copyAll);
    // Scheduled, not shown at once: the current row also changes under a refresh's new findings and a click in the
    // cluster tree (the scope), and laying out the detail (20 ms) would add to those events' time.
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DoctorPanel::scheduleShow);
    // Rows appear, go and change with every refresh: keep the detail in step with whatever is current now.
    connect(m_health, &QAbstractItemModel::dataChanged, this, &DoctorPanel::scheduleShow);
    connect(m_health, &QAbstractItemModel::modelReset, this, &DoctorPanel::scheduleShow);
    connect(m_health, &QAbstractItemModel::rowsRemoved, this, &DoctorPanel::scheduleShow);
    connect(m_health, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_list->currentIndex().isValid() && m_health->rowCount() > 0)
            m_list->setCurrentIndex(m_health->index(0, 0));
        scheduleShow();
    });
    connect(m_list, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString group = index.data(FindingsModel::GroupIdRole).toString();
        if (!group.isEmpty())
            Q_EMIT groupActivated(group);
    });
    // The buttons and links act on the finding the detail shows, which for one event after the list's current row
    // moved is not yet the current one (scheduleShow).
    connect(m_peek, &QPushButton::clicked, this, [this] {
        const Finding *f = m_shown ? &*m_shown : nullptr;
        if (f && !f->partitions.isEmpty())
            Q_EMIT peekRequested(f->partitions.constFirst().tp, f->partitions.constFirst().committed);
    });
    connect(m_clientSettings, &QPushButton::clicked, this, [this] {
        if (m_shown && !m_shown->groupId.isEmpty())
            Q_EMIT clientSettingsRequested(m_shown->groupId);
    });
    connect(m_detail, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        // "peek:<index>": the partition of that row of the finding shown.
        const Finding *f = m_shown ? &*m_shown : nullptr;
        if (!f || url.scheme() != QStringLiteral("peek"))
            return;
        bool ok = false;
        const qsizetype i = url.path().toLongLong(&ok);
        if (ok && i >= 0 && i < f->partitions.size())
            Q_EMIT peekRequested(f->partitions.at(i).tp, f->partitions.at(i).committed);
    });
    applyFilter();
}

void DoctorPanel::setFindings(const QString &profileId, const QList<Finding> &findings)
{
    // The model may reset (many findings came or went): the finding being read stays selected and in view.
    std::optional<std::tuple<QString, QString, QString>> reading;
    if (const Finding *f = currentFinding(); f && profileId == m_model->profileId())
        reading = std::make_tuple(findingRuleId(f->rule), f->groupId, f->topic);
    m_model->setFindings(profileId, findings);
    if (!m_list->currentIndex().isValid() && reading) {
        for (int row = 0; row < m_health->rowCount(); ++row) {
            const QModelIndex index = m_health->index(row, 0);
            if (std::make_tuple(index.data(FindingsModel::RuleIdRole).toString(),
                                index.data(FindingsModel::GroupIdRole).toString(),
                                index.data(FindingsModel::TopicRole).toString()) == *reading) {
                m_list->setCurrentIndex(index);
                m_list->scrollTo(index);
                break;
            }
        }
    }
    if (!m_list->currentIndex().isValid() && m_health->rowCount() > 0)
        m_list->setCurrentIndex(m_health->index(0, 0));
    updateSummary();
    scheduleShow();
}

void DoctorPanel::scheduleShow()
{
    // The detail is HTML laid out again whenever the finding's numbers moved (20 ms with its partition table): done
    // in an event of its own after the list's update, so neither holds the GUI thread long, and once however many
    // model signals a refresh sends.
    // A timer, not a queued call: queued calls run in the same batch as the refresh's other posted events, where
    // the GUI would still not get to input or paint in between.
    if (m_showPending)
        return;
    m_showPending = true;
    m_showTimer->start();
}

void DoctorPanel::flushShow()
{
    if (!m_showPending)
        return;
    m_showPending = false;
    showCurrent();
}

void DoctorPanel::clear()
{
    m_model->clear();
    updateSummary();
    showCurrent();
}

void DoctorPanel::setScope(const QString &groupId, const QString &topic)
{
    m_scopeGroup = groupId;
    m_scopeTopic = groupId.isEmpty() ? topic : QString();
    applyFilter();
}

void DoctorPanel::setWriteBlocked(const QString &reason)
{
    if (reason == m_writeBlocked)
        return;
    m_writeBlocked = reason;
    showCurrent();
}

QList<Finding> DoctorPanel::shownFindings() const
{
    return m_filter->shownFindings();
}

const Finding *DoctorPanel::currentFinding() const
{
    const QModelIndex index = m_list->currentIndex();
    if (!index.isValid())
        return nullptr;
    const QModelIndex source = m_filter->mapToSource(m_health->mapToSource(index));
    return source.isValid() ? &m_model->finding(source.row()) : nullptr;
}

bool DoctorPanel::selectFinding(const QString &ruleId, const QString &groupId)
{
    for (int row = 0; row < m_health->rowCount(); ++row) {
        const QModelIndex index = m_health->index(row, 0);
        if (index.data(FindingsModel::RuleIdRole).toString() == ruleId &&
            (groupId.isEmpty() || index.data(FindingsModel::GroupIdRole).toString() == groupId)) {
            m_list->setCurrentIndex(index);
            m_list->scrollTo(index);
            flushShow();
            return true;
        }
    }
    return false;
}

QPushButton *DoctorPanel::peekButton()
{
    flushShow();
    return m_peek;
}

QPushButton *DoctorPanel::clientSettingsButton()
{
    flushShow();
    return m_clientSettings;
}

QString DoctorPanel::detailText()
{
    flushShow();
    return m_detail->toPlainText();
}

void DoctorPanel::applyFilter()
{
    FindingFilter filter;
    if (!m_wholeCluster->isChecked()) {
        filter.groupId = m_scopeGroup;
        filter.topic = m_scopeTopic;
    }
    filter.minimum = FindingSeverity(m_minimum->currentData().toInt());
    m_filter->setFilter(filter);
    if (!filter.groupId.isEmpty())
        m_scopeLabel->setText(tr("Doctor: group %1").arg(filter.groupId));
    else if (!filter.topic.isEmpty())
        m_scopeLabel->setText(tr("Doctor: topic %1").arg(filter.topic));
    else
        m_scopeLabel->setText(tr("Doctor: whole cluster"));
    if (!m_list->currentIndex().isValid() && m_health->rowCount() > 0)
        m_list->setCurrentIndex(m_health->index(0, 0));
    updateSummary();
    scheduleShow();
}

void DoctorPanel::updateSummary()
{
    int counts[3] = {0, 0, 0};
    for (const Finding &f : m_model->findings())
        ++counts[int(f.severity)];
    Q_EMIT countsChanged(counts[2], counts[1], counts[0]);
    if (!m_model->isEvaluated()) {
        m_summary->setText(tr("Waiting for the first diagnosis: the doctor runs after every refresh."));
        return;
    }
    const int shown = m_health->rowCount();
    const int total = int(m_model->findings().size());
    const auto count = [](int n, const QString &one, const QString &many) {
        return n == 1 ? one : many.arg(n);
    };
    QString text =
        tr("Cluster: %1, %2, %3 info.")
            .arg(count(counts[2], tr("1 error"), tr("%1 errors")), count(counts[1], tr("1 warning"), tr("%1 warnings")))
            .arg(counts[0]);
    if (shown != total)
        text += QLatin1Char(' ') + tr("Listed here: %1.").arg(shown);
    m_summary->setText(text);
}

QList<QPushButton *> DoctorPanel::actionButtons()
{
    flushShow();
    return m_actionButtons;
}

void DoctorPanel::showCurrent()
{
    m_showPending = false; // shown now: a scheduled show has nothing left to do
    const Finding *f = currentFinding();
    // Refreshes re-send the same finding every few seconds: leave the pane alone then, so its scroll position and
    // the keyboard focus on a fix button survive. A finding whose numbers moved keeps its scroll position, and its
    // buttons when its fixes are the same.
    const bool sameSubject = f && m_shown && m_shown->rule == f->rule && m_shown->groupId == f->groupId &&
                             m_shown->topic == f->topic && m_shownBlocked == m_writeBlocked;
    if (sameSubject && *m_shown == *f && m_shownEvaluated == m_model->isEvaluated())
        return;
    const bool keepButtons = sameSubject && m_shown->actions == f->actions;
    const int scroll = sameSubject ? m_detail->verticalScrollBar()->value() : 0;
    m_shown = f ? std::optional<Finding>(*f) : std::nullopt;
    m_shownBlocked = m_writeBlocked;
    m_shownEvaluated = m_model->isEvaluated();
    if (!keepButtons) {
        qDeleteAll(m_actionButtons);
        m_actionButtons.clear();
    }
    m_peek->setEnabled(f && !f->partitions.isEmpty());
    m_clientSettings->setEnabled(f && !f->groupId.isEmpty());
    m_copy->setEnabled(m_health->rowCount() > 0);
    if (!keepButtons) {
        m_blocked->clear();
        m_blocked->hide();
    }
    if (!f) {
        QString text;
        if (!m_model->isEvaluated())
            text = tr("The doctor has not diagnosed this cluster yet. It runs after every refresh, on what the refresh "
                      "read and on the lag history recorded so far.");
        else if (m_model->findings().isEmpty())
            text = tr("Nothing found. The doctor checks committed offsets against the log (deleted by retention, "
                      "beyond the high watermark, missing), groups whose offsets may expire or have vanished, "
                      "groups shared by different applications, stopped, stalled or rewinding consumers, lag that "
                      "grows, and what a crash now would deliver again.");
        else
            text = tr("No findings here. Tick \u201cWhole cluster\u201d, or choose a less strict severity, to see the "
                      "cluster's other findings.");
        m_detail->setHtml(QStringLiteral("<p>") + text.toHtmlEscaped() + QStringLiteral("</p>"));
        return;
    }

    QString html = QStringLiteral("<h3>%1: %2</h3>")
                       .arg(findingSeverityName(f->severity).toHtmlEscaped(), f->title.toHtmlEscaped());
    QStringList about;
    if (!f->groupId.isEmpty())
        about.append(tr("Group %1").arg(f->groupId));
    if (!f->topic.isEmpty())
        about.append(tr("topic %1").arg(f->topic));
    about.append(tr("rule %1").arg(findingRuleId(f->rule)));
    html += QStringLiteral("<p><i>") + about.join(QStringLiteral(" · ")).toHtmlEscaped() + QStringLiteral("</i></p>");
    html += paragraphs(f->explanation);
    if (!f->whatNext.isEmpty())
        html += QStringLiteral("<h4>") + tr("What happens next").toHtmlEscaped() + QStringLiteral("</h4>") +
                paragraphs(f->whatNext);
    if (!f->partitions.isEmpty()) {
        html +=
            QStringLiteral("<h4>") + tr("Partitions (%1)").arg(formatCount(f->partitions.size())).toHtmlEscaped() +
            QStringLiteral("</h4><table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>");
        html += QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th><th></th></tr>")
                    .arg(tr("Partition"), tr("Committed"), tr("Log start"), tr("HW"), tr("Lag"), tr("Detail"));
        for (qsizetype i = 0; i < f->partitions.size() && i < kShownPartitions; ++i) {
            const FindingPartition &p = f->partitions.at(i);
            html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td><td "
                                   "align='right'>%4</td><td align='right'>%5</td><td>%6</td><td><a "
                                   "href='peek:%7'>%8</a></td></tr>")
                        .arg(partitionName(p.tp).toHtmlEscaped(), offsetCell(p.committed), offsetCell(p.logStartOffset),
                             offsetCell(p.highWatermark),
                             !p.lag       ? QStringLiteral("-")
                             : *p.lag < 0 ? formatSignedCount(*p.lag)
                                          : formatCount(*p.lag),
                             p.detail.toHtmlEscaped(), QString::number(i), tr("Peek"));
        }
        html += QStringLiteral("</table>");
        if (f->partitions.size() > kShownPartitions)
            html += QStringLiteral("<p>") +
                    tr("…and %1 more (Copy all lists them).")
                        .arg(formatCount(f->partitions.size() - kShownPartitions))
                        .toHtmlEscaped() +
                    QStringLiteral("</p>");
    }
    if (!f->actions.isEmpty()) {
        html += QStringLiteral("<h4>") + tr("What to do").toHtmlEscaped() + QStringLiteral("</h4><ul>");
        for (const SuggestedAction &a : f->actions)
            html += QStringLiteral("<li>") + a.text.toHtmlEscaped() + QStringLiteral("</li>");
        html += QStringLiteral("</ul>");
    }
    m_detail->setHtml(html);
    m_detail->verticalScrollBar()->setValue(scroll);
    if (keepButtons)
        return;

    // One button per fix that the reset preview can open, the recommended one first (and default).
    QStringList blocked;
    int n = 0;
    for (const SuggestedAction &a : f->actions) {
        if (!a.reset)
            continue;
        ++n;
        auto *button = new QPushButton(
            n == 1 ? tr("Preview fix &%1: %2").arg(n).arg(a.text) : tr("Preview &%1: %2").arg(n).arg(a.text), this);
        const QString elided = button->fontMetrics().elidedText(button->text(), Qt::ElideRight, 360);
        button->setText(elided);
        button->setToolTip(a.text + QLatin1Char('\n') +
                           tr("Opens the reset preview with this change planned on fresh offsets; nothing is written "
                              "until you apply it there."));
        const ResetRequest request = *a.reset;
        connect(button, &QPushButton::clicked, this, [this, request] { Q_EMIT resetRequested(request); });
        m_actions->insertWidget(m_actions->count() - 1, button);
        m_actionButtons.append(button);
        if (!a.blockedBy.isEmpty() && !blocked.contains(a.blockedBy))
            blocked.append(a.blockedBy);
    }
    if (!m_writeBlocked.isEmpty() && n > 0)
        blocked.prepend(m_writeBlocked);
    if (!blocked.isEmpty())
        PanelParts::setError(m_blocked,
                             tr("The preview will not apply this now: %1").arg(blocked.join(QStringLiteral("; "))));
}

void DoctorPanel::copyAll() const
{
    QApplication::clipboard()->setText(findingsAsText(shownFindings()));
}

} // namespace OffsetLens
