#include "findingsmodel.h"

namespace OffsetLens {

namespace {

// A finding's identity across refreshes: its rule and what it is about. A second finding with the same identity
// (a rule reporting per topic of one group) gets a running number.
QList<QString> keysOf(const QList<Finding> &findings)
{
    QList<QString> keys;
    keys.reserve(findings.size());
    QHash<QString, int> seen;
    for (const Finding &f : findings) {
        QString key = findingRuleId(f.rule) + QLatin1Char('\x1f') + f.groupId + QLatin1Char('\x1f') + f.topic;
        const int n = seen[key]++;
        if (n > 0)
            key += QLatin1Char('\x1f') + QString::number(n);
        keys.append(key);
    }
    return keys;
}

} // namespace

FindingsModel::FindingsModel(QObject *parent)
    : KeyedTableModel(parent)
{}

void FindingsModel::setFindings(const QString &profileId, const QList<Finding> &findings)
{
    const bool otherCluster = profileId != m_profileId;
    m_profileId = profileId;
    m_evaluated = true;
    // A row shows its severity, subject, title and explanation (the title counts the partitions): only those
    // decide whether the proxies and the view see a change. Comparing whole findings (every partition's numbers and
    // fixes; a group's finding can name thousands of partitions) cost 180 ms per refresh on the GUI thread at 800
    // findings.
    const auto shownAlike = [](const Finding &a, const Finding &b) {
        return a.rule == b.rule && a.severity == b.severity && a.scope == b.scope && a.groupId == b.groupId &&
               a.topic == b.topic && a.partitions.size() == b.partitions.size() && a.title == b.title &&
               a.explanation == b.explanation;
    };
    // Findings come worst first, not by key: when many appear or go at once (a new rule fires for every group), the
    // diff is thousands of scattered ranges, each costing the proxies and the view a pass over all rows (111 ms for
    // 2,000 new among 6,000). One reset is cheaper then; the panel puts the selection back.
    constexpr qsizetype kMostRanges = 64;
    replaceRows(m_keys, m_rows, keysOf(findings), findings, otherCluster, shownAlike, kMostRanges);
}

void FindingsModel::clear()
{
    beginResetModel();
    m_profileId.clear();
    m_evaluated = false;
    m_keys.clear();
    m_rows.clear();
    endResetModel();
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &f = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return findingSeverityName(f.severity);
        case SubjectColumn:
            return f.groupId.isEmpty() ? f.topic : f.groupId;
        case TitleColumn:
            return f.title;
        }
        break;
    case Qt::ToolTipRole:
        return f.explanation;
    case SeverityRole:
        return int(f.severity);
    case RuleIdRole:
        return findingRuleId(f.rule);
    case GroupIdRole:
        return f.groupId;
    case TopicRole:
        return f.topic;
    default:
        break;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case SubjectColumn:
        return tr("Group");
    case TitleColumn:
        return tr("Finding");
    }
    return {};
}

FindingsFilterModel::FindingsFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{}

void FindingsFilterModel::setFilter(const FindingFilter &filter)
{
    if (filter.groupId == m_filter.groupId && filter.topic == m_filter.topic && filter.minimum == m_filter.minimum)
        return;
    m_filter = filter;
    invalidateRowsFilter();
}

QList<Finding> FindingsFilterModel::shownFindings() const
{
    QList<Finding> list;
    const auto *source = qobject_cast<const FindingsModel *>(sourceModel());
    if (!source)
        return list;
    for (int row = 0; row < rowCount(); ++row)
        list.append(source->finding(mapToSource(index(row, 0)).row()));
    return list;
}

bool FindingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *source = qobject_cast<const FindingsModel *>(sourceModel());
    if (!source || sourceParent.isValid())
        return false;
    return findingMatches(source->finding(sourceRow), m_filter);
}

} // namespace OffsetLens
