#pragma once

#include "lagseries.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace OffsetLens {

// A group's lag over time (QCustomPlot): total lag, lag per topic or per partition (stackable), the largest time
// lag, or consume against produce rate; or a topic's produce rate (in total or per partition) and HW per partition.
// The chart data is built elsewhere (the history thread, see LagHistoryStore::loadChart): the view asks for it with
// dataNeeded() and rangeChanged() and draws what setChartData() hands it. Time range: a preset (the last 5 min … 7
// days, scrolling live as refreshes arrive) or whatever the user zoomed or dragged to. Hovering reads out every series
// at the nearest sample; a click on a legend entry hides or shows its series. Exports PNG/JPG (size and DPI), PDF
// (vector) and CSV (exactly the plotted series).
class LagChartView : public QWidget
{
    Q_OBJECT
public:
    struct Preset
    {
        QString name;
        qint64 seconds;
    };
    static QList<Preset> presets(); // 5 min, 15 min, 1 h, 6 h, 24 h, 7 days

    explicit LagChartView(QWidget *parent = nullptr);

    // Whose history is shown. A new subject clears the chart and asks for data (dataNeeded()).
    void setSubject(HistorySubject subject, const QString &name);
    void setGroup(const QString &groupId) { setSubject(HistorySubject::Group, groupId); }
    HistorySubject subject() const { return m_subject; }
    QString subjectName() const { return m_name; }
    // New chart data (e.g. after each refresh): the chart keeps its range and hidden series. Data of another
    // subject or kind (an answer that arrived after the user moved on) is ignored; returns whether it was taken.
    bool setChartData(const LagChartData &chart);
    // Builds the chart of `history` on the calling thread and shows it: for the command line's export, which has
    // nothing else to do meanwhile. The desktop app builds on the history thread instead.
    void setHistory(const GroupHistory &history);
    // A problem with the history itself (the store's message), shown above the chart.
    void setStatus(const QString &text);

    void setKind(LagChartKind kind);
    LagChartKind kind() const;
    void setStacked(bool stacked);
    bool isStacked() const;
    // A preset range (index into presets()), live; or a fixed range in ms since the epoch.
    void setPreset(int index);
    void setRange(qint64 fromMs, qint64 toMs);
    // The range shown now (a preset's ends move with the clock).
    std::pair<qint64, qint64> range() const;
    std::optional<int> preset() const { return m_preset; }

    const LagChartData &chartData() const { return m_data; }
    QCustomPlot *plot() const { return m_plot; }
    // Writes the chart: .png/.jpg at width × height pixels and `dpi` (scaled from 96), .pdf as vectors on a page of
    // width × height pixels at `dpi`, .csv as the plotted series (only the shown range). False with *error on failure.
    bool exportTo(const QString &path, int width, int height, int dpi, QString *error);
    // The read-out text for a point of the plot (for tests): time and each visible series' value.
    QString readoutAt(const QPoint &plotPos) const;

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    // The user moved to another range: the caller loads the history it needs.
    void rangeChanged(qint64 fromMs, qint64 toMs);
    // Another subject or chart kind is shown: the caller loads its chart (setChartData).
    void dataNeeded();
    void exportRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void fillKinds();
    void applyRange();
    void applyPalette();
    void updateTitle();
    void onMouseMove(QMouseEvent *event);
    LagChartData shownData() const; // the chart's series cut to the shown range

    HistorySubject m_subject = HistorySubject::Group;
    QString m_name;
    LagChartKind m_kindOf[2] = {LagChartKind::TotalLag, LagChartKind::ProduceRate}; // the last kind per subject
    LagChartData m_data;
    bool m_waiting = false;          // asked for data that has not come yet
    std::optional<int> m_preset = 2; // the last hour
    std::pair<qint64, qint64> m_fixed{0, 0};
    QStringList m_hidden; // series the user hid, by name, kept across refreshes
    bool m_settingRange = false;

    QComboBox *m_kindBox;
    QComboBox *m_rangeBox;
    QCheckBox *m_stack;
    QPushButton *m_export;
    QLabel *m_status;
    QCustomPlot *m_plot;
    QCPTextElement *m_title = nullptr;
    QCPItemStraightLine *m_cursor = nullptr;
    QCPItemText *m_readout = nullptr;
};

} // namespace OffsetLens
