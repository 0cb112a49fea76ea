#pragma once

#include "connectionprobe.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QToolButton;
class QTreeWidget;

namespace OffsetLens {

class ConnectionTester;

// "Test Connection" in the profile manager: runs the probe off the GUI thread (ConnectionTester), fills in a
// checklist of its steps as they finish, then says in one line of plain words what worked or failed, with the
// raw text behind each step in a Details box. The button stops a running test. Nothing shown ever contains one of
// the tested profile's secrets, whatever librdkafka put in its messages.
class ConnectionTestPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionTestPanel(QWidget *parent = nullptr);
    ~ConnectionTestPanel() override;

    void start(const ConnectionProfile &profile);
    void start(const ConnectionProfile &profile, const ProbeOptions &options);
    void cancel();
    // Forgets the last result (and stops a running test): another profile is shown.
    void clear();
    bool isRunning() const;

    std::optional<ProbeReport> lastReport() const { return m_report; }
    QString summaryText() const;
    QString detailsText() const;
    QPushButton *testButton() const { return m_button; }
    QTreeWidget *stepsView() const { return m_steps; }

    // `text` with each of `secrets` replaced by "[hidden]".
    static QString scrubbed(QString text, const ProfileSecrets &secrets);

Q_SIGNALS:
    // The button was pressed while no test runs: the owner starts one with the profile being edited.
    void testRequested();
    void finished(const OffsetLens::ProbeReport &report);

private:
    void onStep(const ProbeStep &step);
    void onFinished(const ProbeReport &report);
    void showStep(ProbeStep step);
    void setRunning(bool running);
    void updateDetails();
    void tick();

    ConnectionTester *m_tester = nullptr;
    ProfileSecrets m_secrets; // of the profile under test, to keep them out of every text shown
    QList<ProbeStep> m_finished;
    std::optional<ProbeReport> m_report;
    QElapsedTimer m_clock;
    QTimer *m_ticker = nullptr;

    QPushButton *m_button = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_steps = nullptr;
    QToolButton *m_detailsToggle = nullptr;
    QPlainTextEdit *m_details = nullptr;
};

} // namespace OffsetLens
