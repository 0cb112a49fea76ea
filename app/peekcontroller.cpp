#include "peekcontroller.h"

#include "clustersession.h"
#include "connectionmanager.h"
#include "jobrunner.h"
#include "lookups.h"
#include "peekview.h"

#include <QWidget>

namespace OffsetLens {

PeekController::PeekController(ConnectionManager *connections, QWidget *window)
    : QObject(window)
    , m_connections(connections)
    , m_window(window)
{}

PeekDialog *PeekController::openPeek(const QString &clusterId, const TopicPartition &tp, qint64 committed,
                                     qint64 initial)
{
    PeekAnchors anchors;
    anchors.committed = committed;
    if (const PartitionInfo *p = m_connections->latest(clusterId).snapshot().findPartition(tp)) {
        anchors.logStart = p->logStartOffset;
        anchors.highWatermark = p->highWatermark;
    }
    auto *dialog = new PeekDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->view()->setPartition(tp, anchors, initial);
    connect(dialog->view(), &PeekView::peekRequested, this, [this, clusterId, dialog] { start(clusterId, dialog); });
    dialog->show();
    if (dialog->view()->request().anchor >= 0)
        start(clusterId, dialog);
    return dialog;
}

void PeekController::start(const QString &clusterId, PeekDialog *dialog)
{
    PeekView *view = dialog->view();
    ClusterSession *session = m_connections->session(clusterId);
    const PeekRequest request = view->request();
    if (!session) {
        PeekResult result;
        result.request = request;
        result.error = tr("the cluster is not connected");
        view->showResult(result);
        return;
    }
    JobRunner *jobs = session->jobs();
    // The previous read's progress and "cancelled" must not reach the view once a new one starts.
    delete dialog->findChild<QObject *>(QStringLiteral("peekJobScope"), Qt::FindDirectChildrenOnly);
    // One read per window: a new Peek supersedes the one still running. The dialog is the receiver, so closing it
    // cancels the read.
    const QString key = QStringLiteral("peek:%1").arg(quintptr(dialog), 0, 16);
    const JobId id = jobs->submit(
        JobOptions{tr("Peeking at %1-%2").arg(request.tp.topic).arg(request.tp.partition), key},
        [request](const JobContext &context) { return peekMessages(context, request); }, dialog,
        [view](const PeekResult &result) { view->showResult(result); });
    view->setRunning(true);
    // Progress and cancel are tied to this job only; the connections go with the dialog or the next Peek.
    auto *scope = new QObject(dialog);
    scope->setObjectName(QStringLiteral("peekJobScope"));
    connect(jobs, &JobRunner::jobProgress, scope, [view, id](JobId job, const JobProgress &progress) {
        if (job == id)
            view->setRunning(true, progress.step);
    });
    connect(jobs, &JobRunner::jobFinished, scope, [view, id, scope, request](JobId job, bool delivered) {
        if (job != id)
            return;
        if (!delivered) {
            PeekResult result;
            result.request = request;
            result.message = PeekView::tr("Cancelled: nothing more was read.");
            view->showResult(result);
        }
        scope->deleteLater();
    });
    connect(view, &PeekView::cancelRequested, scope, [jobs, id] { jobs->cancel(id); });
}

} // namespace OffsetLens
