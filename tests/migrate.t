#!/usr/bin/perl
# migrate.t -- a database of an older schema is brought to the current one
# when qbrt opens it, keeping its rows; a newer one is refused; a migration
# that fails leaves the database as it was.
#
# tests/fixtures/schema-v1.sql is a version 1 database (migration 1 of
# src/store.c, verbatim, with a QBR, a goal, two actions and their history).
# The current version is what `qbrt init` makes of a new file.
use strict;
use warnings;

use Cwd qw(abs_path);
use Digest::MD5;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Test::More;

my $ROOT = abs_path(dirname(abs_path(__FILE__)) . '/..');
my $BIN = "$ROOT/qbrt";
my $V1 = "$ROOT/tests/fixtures/schema-v1.sql";

if (system('sh', '-c', 'command -v make >/dev/null 2>&1') == 0) {
    system('sh', '-c', 'make -s -C "$1" qbrt >&2', 'sh', $ROOT) == 0
        or BAIL_OUT('./qbrt does not build');
}
-x $BIN or BAIL_OUT("$BIN is missing; run make");
system('sh', '-c', 'command -v sqlite3 >/dev/null 2>&1') == 0
    or plan skip_all => 'the sqlite3 command-line tool is not installed (tools/deps.sh)';

my $tmp = tempdir('qbrt-migrate.XXXXXX', TMPDIR => 1, CLEANUP => 1);
chdir $tmp or die "$tmp: $!";
delete $ENV{$_} for grep { /^QBRT_/ } keys %ENV;
%ENV = (%ENV, HOME => $tmp, XDG_CONFIG_HOME => "$tmp/config", XDG_DATA_HOME => "$tmp/data",
        QBRT_NOW => '2024-02-20 09:00', QBRT_USER => 'tester', NO_COLOR => 1, LC_ALL => 'C');

# Runs a command with stdin from /dev/null; returns (exit, stdout, stderr).
sub run {
    my @cmd = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', "$tmp/.out";
        open STDERR, '>', "$tmp/.err";
        exec { $cmd[0] } @cmd;
        exit 127;
    }
    waitpid $pid, 0;
    my $exit = $? & 127 ? 128 + ($? & 127) : $? >> 8;
    return ($exit, slurp("$tmp/.out"), slurp("$tmp/.err"));
}

sub slurp {
    open my $fh, '<', $_[0] or return '';
    local $/;
    return scalar(<$fh>) // '';
}

sub qbrt { run($BIN, @_) }

sub sql {
    my ($db, $query) = @_;
    my ($exit, $out, $err) = run('sqlite3', $db, $query);
    die "sqlite3 $db: $err" if $exit;
    chomp $out;
    return $out;
}

sub build_v1 {
    my ($db) = @_;
    unlink $db, "$db-wal", "$db-shm";
    system("sqlite3 '$db' < '$V1'") == 0 or die "sqlite3 < $V1 failed\n";
}

sub md5_of {
    open my $fh, '<', $_[0] or return '';
    binmode $fh;
    return Digest::MD5->new->addfile($fh)->hexdigest;
}

sub schema {
    my ($db) = @_;
    return sql($db, "SELECT type, name, tbl_name, sql FROM sqlite_master "
                    . "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
}

# ---- the current version, from a new database ----

my ($exit, $out, $err) = qbrt('--db', 'fresh.db', 'init');
is $exit, 0, 'init makes a fresh database' or diag $err;
chomp $out;
my ($latest) = $out =~ /is ready \(schema version (\d+)\)/;
ok defined $latest && $latest >= 3, "init reports the schema version, 3 or later (got $out)";
$latest //= -1;
is sql('fresh.db', 'PRAGMA user_version'), $latest, 'the fresh database has that user_version';

# ---- a version 1 database ----

build_v1('v1.db');
is sql('v1.db', 'PRAGMA user_version'), 1, 'the fixture is schema version 1';
is sql('v1.db', "SELECT count(*) FROM sqlite_master WHERE name = 'checkin'"), 0,
    'version 1 has no checkin table';

($exit, $out, $err) = qbrt('--db', 'v1.db', '--no-team', 'status', '--format', 'json');
is $exit, 0, 'qbrt status opens the version 1 database';
is $err, '', '... and says nothing on stderr';
my $actions = eval { decode_json($out) } || [];
my @rows = map { [@$_{qw(id state status reason)}] } @$actions;
is_deeply \@rows, [['QBR-2024Q1-001', 'Not Started', 'At Risk', 'due in 3 days, not started'],
                   ['QBR-2024Q1-002', 'In Progress', 'Overdue', '4 days overdue']],
    'the old actions are there with their computed statuses'
    or diag $out;

is sql('v1.db', 'PRAGMA user_version'), $latest, "user_version is now the latest ($latest)";
is sql('v1.db', "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'checkin'"),
    1, 'the checkin table (migration 2) exists';
is sql('v1.db', "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'action_seq'"),
    1, 'the action_seq table (migration 3) exists';
is sql('v1.db', "SELECT quarter || ' ' || last FROM action_seq ORDER BY quarter"), '2024Q1 2',
    '... and holds the highest number of the quarter\'s actions (2)';
is sql('v1.db', "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master "
                . "WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name)"),
    sql('fresh.db', "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master "
                    . "WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name)"),
    'the indexes are those of a fresh database';
is schema('v1.db'), schema('fresh.db'), 'the migrated schema is exactly the fresh one';
is sql('v1.db', 'PRAGMA integrity_check'), 'ok', 'integrity_check is ok';
is sql('v1.db', 'PRAGMA foreign_key_check'), '', 'no foreign key is broken';

is sql('v1.db', "SELECT (SELECT count(*) FROM qbr) || ' ' || (SELECT count(*) FROM goal) || ' ' "
                . "|| (SELECT count(*) FROM action) || ' ' || (SELECT count(*) FROM event)"),
    '1 1 2 4', 'every row is kept: 1 QBR, 1 goal, 2 actions, 4 events';

($exit, $out, $err) = qbrt('--db', 'v1.db', 'qbr', 'show', 'ACME-2024Q1');
is $exit, 0, 'qbr show reads the old QBR';
like $out, qr/^held_at +2024-01-16 14:00$/m, '... with its held_at';
like $out, qr/^summary_sent_at +2024-01-17 09:30$/m, '... its summary_sent_at';
like $out, qr/^goal #1 +Double analytics adoption - success criteria: 10 team members certified$/m,
    '... and its goal';

($exit, $out, $err) = qbrt('--db', 'v1.db', '--no-team', 'action', 'show', 'QBR-2024Q1-001');
is $exit, 0, 'action show reads an old action';
like $out, qr/^original_due_date +2024-02-15$/m, '... with its original due date';
like $out, qr/^history\n  2024-01-16 16:00:00  Priya Raman: created: \(none\) -> Not Started\n  2024-02-01 10:00:00  Priya Raman: due: 2024-02-15 -> 2024-02-23 \(COO travelling\)\n\z/m,
    '... and its history' or diag $out;

($exit, $out, $err) = qbrt('--db', 'v1.db', '--no-team', 'action', 'add', 'ACME-2024Q1',
                           'Book the certification exam', '--owner', 'Bob', '--due', '2024-03-15');
is $exit, 0, 'an action can be added after the migration' or diag $err;
is $out, "QBR-2024Q1-003\n", '... and is numbered after the old ones';
is sql('v1.db', "SELECT quarter || ' ' || last FROM action_seq ORDER BY quarter"), '2024Q1 3',
    '... which action_seq records';

($exit, $out, $err) = qbrt('--db', 'v1.db', 'init');
is $exit, 0, 'init on the migrated database';
like $out, qr/is ready \(schema version \Q$latest\E\)/, '... says it is at the latest version';
is sql('v1.db', 'PRAGMA user_version'), $latest, '... and the version stays';

# ---- a newer database than this qbrt knows ----

unlink 'v99.db';
sql('v99.db', 'CREATE TABLE future (x); PRAGMA user_version = 99;');
my $before = md5_of('v99.db');
for my $cmd (['status'], ['init'], ['qbr', 'add', 'Acme', '2024Q1']) {
    ($exit, $out, $err) = qbrt('--db', 'v99.db', @$cmd);
    is $exit, 2, "version 99 is refused by '@$cmd' with exit 2";
    like $err, qr/^qbrt: v99\.db: database schema version 99 is newer than this qbrt understands/,
        '... with a clear message' or diag $err;
    is(($err =~ tr/\n//), 1, '... on one line');
    is $out, '', '... and nothing on stdout';
}
is sql('v99.db', 'PRAGMA user_version'), 99, 'the newer database keeps its version';
is sql('v99.db', "SELECT group_concat(name) FROM sqlite_master"), 'future',
    '... and its tables, untouched';
is md5_of('v99.db'), $before,
    'a refused database is not written to at all (not even its journal mode)'
    or diag 'journal_mode is now ' . sql('v99.db', 'PRAGMA journal_mode');

# ---- a file that is not a database ----

open my $fh, '>', 'notes.txt' or die "notes.txt: $!";
print $fh "not a database, just some notes\n";
close $fh;
$before = md5_of('notes.txt');
for my $cmd (['status'], ['init'], ['qbr', 'add', 'Acme', '2024Q1']) {
    ($exit, $out, $err) = qbrt('--db', 'notes.txt', @$cmd);
    is $exit, 2, "a file that is not a database is refused by '@$cmd' with exit 2";
    is $err, "qbrt: notes.txt: not a qbrt database (file is not a database)\n", '... saying so';
    is $out, '', '... and nothing on stdout';
}
is md5_of('notes.txt'), $before, '... and the file is left as it was';
ok !-e 'notes.txt-wal' && !-e 'notes.txt-journal', '... with no journal beside it';

# ---- a migration that fails changes nothing ----

build_v1('clash.db');
sql('clash.db', 'CREATE TABLE checkin (x)');
my $schema_before = schema('clash.db');
($exit, $out, $err) = qbrt('--db', 'clash.db', '--no-team', 'status');
isnt $exit, 0, 'a migration that fails (the checkin table exists) fails the command';
like $err, qr/migration to version 2/, '... naming the migration' or diag $err;
is sql('clash.db', 'PRAGMA user_version'), 1, '... the version stays 1';
is schema('clash.db'), $schema_before, '... and no part of migration 2 is left behind';
is sql('clash.db', 'SELECT count(*) FROM action'), 2, '... nor any row lost';

done_testing;
