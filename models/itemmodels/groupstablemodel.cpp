#include "groupstablemodel.h"

#include "carryforward.h"
#include "numberformat.h"

namespace OffsetLens {

QString groupSourceName(GroupSourceKind source)
{
    switch (source) {
    case GroupSourceKind::Broker:
        return QStringLiteral("Broker");
    case GroupSourceKind::Pinned:
        return QStringLiteral("Pinned");
    case GroupSourceKind::Demo:
        return QStringLiteral("Demo");
    }
    return {};
}

GroupsTableModel::GroupsTableModel(QObject *parent)
    : KeyedTableModel(parent)
{}

void GroupsTableModel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    const ClusterSnapshot &snapshot = analyzed.snapshot();
    QList<QString> keys;
    keys.reserve(snapshot.groups.size());
    for (const GroupInfo &group : snapshot.groups)
        keys.append(group.groupId);
    const bool otherCluster = snapshot.profileId != m_profileId;
    m_profileId = snapshot.profileId;
    if (otherCluster)
        m_badges.clear();
    replaceRows(m_keys, m_rows, keys, analyzed.facts().groups(), otherCluster);
}

int GroupsTableModel::rowForGroup(const QString &groupId) const
{
    return int(m_keys.indexOf(groupId));
}

void GroupsTableModel::setBadges(const ClusterBadges &badges)
{
    if (badges.profileId != m_profileId || badges.groups == m_badges)
        return;
    m_badges = badges.groups;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int GroupsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GroupsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case GroupColumn:
            return row.groupId;
        case StateColumn:
            return groupStateName(row.state);
        case MembersColumn:
            // A pinned group's members are as unknown as its state.
            return row.source == GroupSourceKind::Pinned ? QStringLiteral("-") : formatCount(row.members);
        case PartitionsColumn:
            return formatCount(row.summary.partitions);
        case TotalLagColumn:
            return row.summary.complete ? formatCount(row.summary.totalLag)
                                        : tr("≥ %1").arg(formatCount(row.summary.totalLag));
        case LagHealthColumn: {
            const auto badge = m_badges.constFind(row.groupId);
            if (badge == m_badges.cend())
                return QStringLiteral("-");
            return badge->lagText().isEmpty() ? lagHealthName(badge->health) : badge->lagText();
        }
        case DoctorColumn: {
            const auto badge = m_badges.constFind(row.groupId);
            if (badge == m_badges.cend() || badge->findings == 0)
                return QString();
            return QString(findingSeverityName(badge->worstFinding) + QStringLiteral(" · ") +
                           formatCount(badge->findings));
        }
        case TimeLagColumn: {
            const auto badge = m_badges.constFind(row.groupId);
            return badge != m_badges.cend() && badge->timeLagMs ? formatDuration(*badge->timeLagMs)
                                                                : QStringLiteral("-");
        }
        case SourceColumn:
            return groupSourceName(row.source);
        case ErrorColumn:
            return row.error;
        }
        break;
    case CarriedFromRole:
        return column == TotalLagColumn ? row.summary.carriedFromMs : qint64(0);
    case Qt::ToolTipRole:
        if (column == TotalLagColumn && row.summary.carriedFromMs != 0)
            return tr("Some of the offsets behind this lag were not read by the last refresh.\n%1")
                .arg(carriedNote(row.summary.carriedFromMs));
        if (column == DoctorColumn) {
            const auto badge = m_badges.constFind(row.groupId);
            if (badge == m_badges.cend() || badge->findings == 0)
                return tr("The offset doctor found nothing wrong with this group.");
            return badge->findingTitles.join(QLatin1Char('\n'));
        }
        if (column == LagHealthColumn || column == TimeLagColumn) {
            const auto badge = m_badges.constFind(row.groupId);
            if (badge == m_badges.cend())
                return tr("Not evaluated yet: health needs a few refreshes of history.");
            QStringList lines;
            if (column == LagHealthColumn) {
                lines.append(badge->healthReason);
                if (badge->alert)
                    lines.append(badge->alertText);
            } else {
                lines.append(badge->timeLagNote.isEmpty() ? tr("Estimated from the HW's recent history.")
                                                          : badge->timeLagNote);
            }
            lines.removeAll(QString());
            return lines.join(QLatin1Char('\n'));
        }
        if (!row.error.isEmpty())
            return row.error;
        if (row.summary.outOfRange > 0)
            return tr("Partitions with a committed offset out of range: %1").arg(row.summary.outOfRange);
        if (column == SourceColumn && row.source == GroupSourceKind::Pinned)
            return tr("Pinned in the profile: the broker could not list or describe this group, so its state and "
                      "members are unknown. Committed offsets still come from the broker.");
        if (column == SourceColumn && row.source == GroupSourceKind::Demo)
            return tr("Reported by the embedded demo cluster, which knows its own consumers");
        break;
    case Qt::TextAlignmentRole:
        return alignment(column == MembersColumn || column == PartitionsColumn || column == TotalLagColumn ||
                         column == TimeLagColumn);
    case SortRole:
        switch (column) {
        case GroupColumn:
            return row.groupId;
        case StateColumn:
            return groupStateName(row.state);
        case MembersColumn:
            return qint64(row.members);
        case PartitionsColumn:
            return qint64(row.summary.partitions);
        case TotalLagColumn:
            return row.summary.totalLag;
        case LagHealthColumn:
            return m_badges.value(row.groupId).severity();
        case TimeLagColumn:
            return m_badges.value(row.groupId).timeLagMs.value_or(-1);
        case DoctorColumn: {
            // Worst severity first, then how many: errors sort above any number of warnings.
            const GroupBadge badge = m_badges.value(row.groupId);
            return badge.findings == 0 ? qint64(-1) : qint64(badge.worstFinding) * 1000000 + badge.findings;
        }
        case SourceColumn:
            return int(row.source);
        case ErrorColumn:
            return row.error;
        }
        break;
    case HealthRole:
        return std::max(row.health(), m_badges.value(row.groupId).severity());
    case GroupIdRole:
        return row.groupId;
    case OutOfRangeRole:
        return qint64(row.summary.outOfRange);
    default:
        break;
    }
    return {};
}

QVariant GroupsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GroupColumn:
        return tr("Group");
    case StateColumn:
        return tr("State");
    case MembersColumn:
        return tr("Members");
    case PartitionsColumn:
        return tr("Partitions");
    case TotalLagColumn:
        return tr("Total lag");
    case LagHealthColumn:
        return tr("Lag health");
    case TimeLagColumn:
        return tr("Time lag");
    case DoctorColumn:
        return tr("Doctor");
    case SourceColumn:
        return tr("Source");
    case ErrorColumn:
        return tr("Error");
    }
    return {};
}

} // namespace OffsetLens
