#!/usr/bin/perl
# concurrency.t -- several qbrt processes on one database at once: every
# write succeeds (no "database is locked"), every ID is given once, in
# sequence, and nothing is lost; readers run alongside; processes that find
# no database create and migrate it once between them.
use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use JSON::PP;
use Test::More;

my $ROOT = abs_path(dirname(abs_path(__FILE__)) . '/..');
my $BIN = "$ROOT/qbrt";

if (system('sh', '-c', 'command -v make >/dev/null 2>&1') == 0) {
    system('sh', '-c', 'make -s -C "$1" qbrt >&2', 'sh', $ROOT) == 0
        or BAIL_OUT('./qbrt does not build');
}
-x $BIN or BAIL_OUT("$BIN is missing; run make");

my $tmp = tempdir('qbrt-concurrency.XXXXXX', TMPDIR => 1, CLEANUP => 1);
chdir $tmp or die "$tmp: $!";
delete $ENV{$_} for grep { /^QBRT_/ } keys %ENV;
%ENV = (%ENV, HOME => $tmp, XDG_CONFIG_HOME => "$tmp/config", XDG_DATA_HOME => "$tmp/data",
        QBRT_DB => "$tmp/qbrt.db", QBRT_NOW => '2024-02-20 09:00', QBRT_USER => 'tester',
        NO_COLOR => 1, LC_ALL => 'C', QBRT => $BIN);

sub slurp {
    open my $fh, '<', $_[0] or return '';
    local $/;
    return scalar(<$fh>) // '';
}

# Runs qbrt once; returns (exit, stdout, stderr).
sub qbrt {
    my @args = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', "$tmp/.out";
        open STDERR, '>', "$tmp/.err";
        exec { $BIN } 'qbrt', @args;
        exit 127;
    }
    waitpid $pid, 0;
    return ($? >> 8, slurp("$tmp/.out"), slurp("$tmp/.err"));
}

# Starts each shell script as its own process, all at once, and waits for
# all of them. Each writes its stdout to NAME.out and stderr to NAME.err.
sub in_parallel {
    my (%scripts) = @_;
    my %pid;
    for my $name (sort keys %scripts) {
        my $pid = fork // die "fork: $!";
        if ($pid == 0) {
            open STDIN, '<', '/dev/null';
            open STDOUT, '>', "$tmp/$name.out";
            open STDERR, '>', "$tmp/$name.err";
            exec '/bin/sh', '-c', $scripts{$name};
            exit 127;
        }
        $pid{$pid} = $name;
    }
    my %status;
    while (%pid) {
        my $pid = waitpid(-1, 0);
        last if $pid < 0;
        $status{delete $pid{$pid}} = $? >> 8 if exists $pid{$pid};
    }
    return \%status;
}

# A shell loop of N qbrt commands; "$i" is the iteration. The loop goes on
# after a failure and exits 1 if any command failed.
sub loop {
    my ($n, $cmd) = @_;
    return "rc=0; i=1; while [ \$i -le $n ]; do \"\$QBRT\" $cmd || rc=1; i=\$((i + 1)); done; exit \$rc";
}

sub lines_of { my @l = split /\n/, slurp($_[0]); return @l }

# ---- many writers and some readers on one fresh database ----

my ($exit, $out, $err) = qbrt('init');
is $exit, 0, 'init' or diag $err;
is((qbrt('qbr', 'add', 'Acme Corp', '2024Q1'))[0], 0, 'a QBR for Acme');
is((qbrt('qbr', 'add', 'Globex', '2024Q1'))[0], 0, 'a QBR for Globex');

my $status = in_parallel(
    w1 => loop(20, 'action add ACME-2024Q1 "w1 $i" --owner W1 --due 2024-03-01'),
    w2 => loop(20, 'action add GLOBEX-2024Q1 "w2 $i" --owner W2 --due 2024-03-01'),
    w3 => loop(20, 'action add ACME-2024Q1 "w3 $i" --owner W3 --due 2024-03-01 --side customer'),
    w4 => loop(20, 'action add GLOBEX-2024Q1 "w4 $i" --owner W4 --due 2024-03-01'),
    r1 => loop(10, 'status --format json >/dev/null'),
    r2 => loop(10, 'dashboard --format json >/dev/null'),
);
for my $w (qw(w1 w2 w3 w4 r1 r2)) {
    is $status->{$w}, 0, "$w: every command succeeded";
    is slurp("$tmp/$w.err"), '', "$w: nothing on stderr (no 'database is locked')";
}
my @ids = map { lines_of("$tmp/$_.out") } qw(w1 w2 w3 w4);
is scalar(@ids), 80, '80 actions added, 80 IDs printed';
my %seen;
$seen{$_}++ for @ids;
is scalar(keys %seen), 80, 'every ID is different';
is_deeply [sort @ids], [map { sprintf 'QBR-2024Q1-%03d', $_ } 1 .. 80],
    'the IDs are QBR-2024Q1-001 to -080, none skipped';

($exit, $out, $err) = qbrt('status', '--format', 'json');
my $actions = eval { decode_json($out) } || [];
is scalar(@$actions), 80, 'status lists 80 actions';
is_deeply [sort map { $_->{id} } @$actions], [sort @ids], '... the ones whose IDs were printed';
my %by_owner;
$by_owner{$_->{owner}}++ for @$actions;
is_deeply \%by_owner, {W1 => 20, W2 => 20, W3 => 20, W4 => 20}, '... 20 from each writer';
my %qbr_of = (W1 => 'ACME-2024Q1', W2 => 'GLOBEX-2024Q1', W3 => 'ACME-2024Q1', W4 => 'GLOBEX-2024Q1');
my @wrong = grep { my ($k) = $_->{owner} =~ /(\d)/; $_->{action} !~ /^w$k \d+\z/ || $_->{qbr} ne $qbr_of{$_->{owner}} } @$actions;
ok !@wrong, '... each with the text and QBR its writer gave it' or diag explain \@wrong;
my %texts;
$texts{$_->{action}}++ for @$actions;
is scalar(keys %texts), 80, '... and no action twice';

# ---- imports and adds at once ----

for my $k (1 .. 3) {
    open my $fh, '>', "$tmp/import$k.csv" or die $!;
    print $fh "customer,quarter,action,owner,due_date\n";
    print $fh "Initech,2024Q1,import $k row $_,I$k,2024-03-0$k\n" for 1 .. 10;
    close $fh;
}
$status = in_parallel(
    i1 => "\"\$QBRT\" import import1.csv",
    i2 => "\"\$QBRT\" import import2.csv",
    i3 => "\"\$QBRT\" import import3.csv",
    w5 => loop(10, 'action add ACME-2024Q1 "w5 $i" --owner W5 --due 2024-03-01'),
    w6 => loop(10, 'action add GLOBEX-2024Q1 "w6 $i" --owner W6 --due 2024-03-01'),
);
for my $w (qw(i1 i2 i3 w5 w6)) {
    is $status->{$w}, 0, "$w: succeeded";
    is slurp("$tmp/$w.err"), '', "$w: nothing on stderr";
}
like slurp("$tmp/i$_.out"), qr/^imported 10 actions from import$_\.csv$/, "import $_ imported 10"
    for 1 .. 3;
($exit, $out, $err) = qbrt('status', '--format', 'json');
$actions = eval { decode_json($out) } || [];
is scalar(@$actions), 130, '130 actions in all';
is_deeply [sort map { $_->{id} } @$actions], [map { sprintf 'QBR-2024Q1-%03d', $_ } 1 .. 130],
    'the IDs are QBR-2024Q1-001 to -130, each once';
is scalar(grep { $_->{qbr} eq 'INITECH-2024Q1' } @$actions), 30,
    'the three imports made one Initech QBR and 30 actions in it';
($exit, $out) = qbrt('qbr', 'list', '--format', 'csv');
is scalar(() = $out =~ /^"INITECH-2024Q1"/mg), 1, '... one Initech QBR, not three';

# ---- a database another program is writing to: qbrt waits its turn ----
# sqlite3 holds a write transaction on a new database (rollback journal,
# not yet WAL) for 1.5 s; qbrt, opening it meanwhile, must wait for the lock
# (its busy timeout is seconds), not fail at once with "database is locked".

SKIP: {
    skip 'the sqlite3 command-line tool is not installed', 2
        if system('sh', '-c', 'command -v sqlite3 >/dev/null 2>&1') != 0;
    my $db = "$tmp/held.db";
    my $holder = fork // die "fork: $!";
    if ($holder == 0) {
        open STDIN, '<', '/dev/null';
        exec '/bin/sh', '-c', "(echo 'BEGIN IMMEDIATE; CREATE TABLE held (x);'; sleep 1.5; "
                              . "echo 'COMMIT;') | sqlite3 '$db'";
        exit 127;
    }
    my $waited = 0;
    select(undef, undef, undef, 0.05), $waited++ until -e "$db-journal" || $waited > 100;
    my $t0 = time;
    ($exit, $out, $err) = qbrt('--db', $db, 'init');
    waitpid $holder, 0;
    is $exit, 0, 'qbrt init on a database another process is writing waits and succeeds'
        or diag $err;
    is $err, '', '... with nothing on stderr';
}

# ---- processes that all find no database ----
# Each creates the file and migrates it; they must agree, not fail with
# "database is locked". Several rounds, as the race is a matter of timing.

my $rounds = 40;
my @failed;
for my $round (1 .. $rounds) {
    my $db = "$tmp/race$round.db";
    my %scripts = map {
        ("r${round}_$_" => "\"\$QBRT\" --db '$db' qbr add 'Customer $_' 2024Q1")
    } 1 .. 6;
    my $st = in_parallel(%scripts);
    for my $name (sort keys %scripts) {
        next if $st->{$name} == 0 && slurp("$tmp/$name.err") eq '';
        push @failed, "round $round, $name: exit $st->{$name}: " . slurp("$tmp/$name.err");
    }
    my ($e, $o) = qbrt('--db', $db, 'qbr', 'list', '--format', 'csv');
    my $n = () = $o =~ /^"CUSTOMER-\d-2024Q1"/mg;
    push @failed, "round $round: $n QBRs instead of 6" unless $n == 6;
}
ok !@failed, "$rounds rounds of 6 processes creating the same new database at once all succeed"
    or diag join '', map { "$_\n" } @failed[0 .. ($#failed < 9 ? $#failed : 9)];

done_testing;
