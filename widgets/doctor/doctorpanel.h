#pragma once

#include "finding.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QTextBrowser;
class QTimer;
class QTreeView;

namespace OffsetLens {

class CopyableTableView;
class FindingsFilterModel;
class FindingsModel;
class HealthProxyModel;

// The offset doctor's findings: a list sorted by severity on the left, the selected finding on the right (what is
// wrong, what happens next, the partitions with their numbers) with its fixes as buttons that open the reset
// preview pre-filled, and Peek for "what is at this offset?". Shows the whole cluster, one group or one topic
// (setScope); "Whole cluster" overrides the scope. Depends on models only: the window wires the signals to the
// reset and peek controllers.
class DoctorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DoctorPanel(QWidget *parent = nullptr);

    // The cluster's latest diagnosis (from the lag monitor). Another cluster than before resets the list.
    void setFindings(const QString &profileId, const QList<Finding> &findings);
    void clear(); // no cluster open
    // What the selection in the window is about: an empty group and topic mean the whole cluster.
    void setScope(const QString &groupId, const QString &topic);
    // Why the preview's Apply will be refused for this cluster (read-only or locked profile), or empty.
    void setWriteBlocked(const QString &reason);

    FindingsModel *model() const { return m_model; }
    FindingsFilterModel *filterModel() const { return m_filter; }
    QList<Finding> shownFindings() const;
    // The finding shown on the right, or null.
    const Finding *currentFinding() const;
    bool selectFinding(const QString &ruleId, const QString &groupId); // tests, --show
    // The detail pane as plain text, and its buttons (tests); all bring a scheduled update of the pane in first.
    QString detailText();
    QList<QPushButton *> actionButtons();
    QPushButton *peekButton();
    QPushButton *clientSettingsButton();

Q_SIGNALS:
    // "Preview fix": the request a finding suggests, for the reset preview to open pre-filled.
    void resetRequested(const OffsetLens::ResetRequest &request);
    // "Peek": the messages at `offset` of `tp` (a group's committed offset, or kNoOffset for HW - 1).
    void peekRequested(const OffsetLens::TopicPartition &tp, qint64 committed);
    // "Consumer Settings…": the user wants to say what the group's consumers use (auto.offset.reset, commits).
    void clientSettingsRequested(const QString &groupId);
    // Double-click or Enter on a finding: show its group (or topic) in the window.
    void groupActivated(const QString &groupId);
    // The number of findings at warning or error severity in the whole cluster changed (the dock's title).
    void countsChanged(int errors, int warnings, int infos);

private:
    void applyFilter();
    void showCurrent();
    void scheduleShow(); // showCurrent in an event of its own, once for any number of calls before it runs
    void flushShow();
    void updateSummary();
    void copyAll() const;

    FindingsModel *m_model;
    FindingsFilterModel *m_filter;
    HealthProxyModel *m_health;
    CopyableTableView *m_list;
    QTextBrowser *m_detail;
    QLabel *m_scopeLabel;
    QLabel *m_summary;
    QComboBox *m_minimum;
    QCheckBox *m_wholeCluster;
    QPushButton *m_copy;
    QPushButton *m_peek;
    QPushButton *m_clientSettings;
    QHBoxLayout *m_actions;
    QList<QPushButton *> m_actionButtons;
    QLabel *m_blocked;
    QString m_scopeGroup;
    QString m_scopeTopic;
    QString m_writeBlocked;
    // What the detail pane shows now (see showCurrent).
    std::optional<Finding> m_shown;
    QString m_shownBlocked;
    bool m_shownEvaluated = false;
    bool m_showPending = false; // scheduleShow() started a showCurrent() that has not run yet
    QTimer *m_showTimer;
};

} // namespace OffsetLens
