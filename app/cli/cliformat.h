#pragma once

#include "snapshot.h"

#include <QString>
#include <QStringList>

namespace OffsetLens {

enum class OutputFormat
{
    Text, // kafka-consumer-groups.sh's column layout
    Csv,
    Json,
};

struct CliOutput
{
    QString out; // for stdout
    QString err; // for stderr (notices and errors, never mixed into csv/json)
    int exitCode = 0;
};

struct DescribeRequest
{
    enum class View
    {
        Offsets, // default: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
        Members, // --members: GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS [ASSIGNMENT with --verbose]
        State,   // --state: GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS
    };
    QStringList groups; // empty with allGroups: every group in the snapshot
    bool allGroups = false;
    View view = View::Offsets;
    bool verbose = false;
    OutputFormat format = OutputFormat::Text;
};

// The formatters are pure: the same snapshot always gives the same output, so tests check them byte for byte.
CliOutput formatDescribe(const ClusterSnapshot &snapshot, const DescribeRequest &request);
CliOutput formatListGroups(const ClusterSnapshot &snapshot, OutputFormat format, bool withState);
CliOutput formatTopics(const ClusterSnapshot &snapshot, OutputFormat format, bool perPartition,
                       const QStringList &onlyTopics);

// Refresh-level errors as stderr lines ("Warning: ..."), shared by all subcommands.
QString formatSnapshotErrors(const ClusterSnapshot &snapshot);

} // namespace OffsetLens
