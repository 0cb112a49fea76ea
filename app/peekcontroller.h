#pragma once

#include "snapshot.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace OffsetLens {

class ConnectionManager;
class PeekDialog;

// Opens peek windows and runs their reads on the cluster's session (a job off the GUI thread, cancelled by the
// window's Cancel or by closing it). Anchors come from the latest snapshot; the read itself asks the cluster for
// fresh log ends.
class PeekController : public QObject
{
    Q_OBJECT
public:
    PeekController(ConnectionManager *connections, QWidget *window);

    // `committed`: the offset the "Committed offset" anchor means (a group's commit), kNoOffset when there is
    // none; `initial`: where to start, kNoOffset for the committed offset or else HW - 1. Reads at once when the
    // start is known.
    PeekDialog *openPeek(const QString &clusterId, const TopicPartition &tp, qint64 committed,
                         qint64 initial = kNoOffset);

private:
    void start(const QString &clusterId, PeekDialog *dialog);

    ConnectionManager *m_connections;
    QPointer<QWidget> m_window;
};

} // namespace OffsetLens
