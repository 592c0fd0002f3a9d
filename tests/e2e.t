#!/usr/bin/perl
# e2e.t -- end-to-end cases: drives the real ./qbrt binary with the commands
# written in tests/cases/*.case and compares what it prints and its exit
# status with what the case expects. One TAP test per command.
#
#   prove tests/e2e.t                      every case
#   prove tests/e2e.t :: demo sandbox      only cases/demo.case, cases/sandbox.case
#   QBRT_E2E_KEEP=1 prove -v tests/e2e.t   keep the temporary directories
#
# ---- the case format ---------------------------------------------------------
#
# A case file is a list of commands, each followed by what it must print.
# The first characters of a line say what it is:
#
#   # text          a comment (only at the start of a line)
#                   blank lines are ignored
#   $ command       a command, run by /bin/sh -c in the case's directory
#   > text          one more line of the command above, joined with a newline
#                   (heredocs, long pipelines); ">" alone adds an empty line
#   | text          a line of stdout, literally; "|" alone is an empty line
#   ~ regex         a line of stdout matching the Perl regex (whole line)
#   ...             any number of stdout lines, none included
#   ! text          a line of stderr, literally; "!" alone is an empty line
#   !~ regex        a line of stderr matching the Perl regex (whole line)
#   !...            any number of stderr lines, none included
#   [N]             the exit status; 0 when not given
#
# One space follows the marker; the rest of the line is the text. Expected
# lines of a stream are matched in order against all of its lines: with no
# "|", "~" or "..." line the command must print nothing on stdout, and with
# no "!" line nothing on stderr. A regex is anchored at both ends, so a
# "contains" match is written "~ .*text.*". In expected lines, $TMP and $ROOT
# stand for the case's directory and the project root (in a regex they match
# the path literally). Trailing spaces and tabs are ignored on both sides;
# a carriage return is not.
#
# Every case file runs in a fresh temporary directory, its working directory,
# so files written by one command are there for the next (shell variables
# and "cd" are not: each command is its own shell). The environment is:
#
#   QBRT_DB=$TMP/qbrt.db  HOME=$TMP  XDG_CONFIG_HOME=$TMP/config
#   XDG_DATA_HOME=$TMP/data  QBRT_NOW="2024-02-20 09:00"  QBRT_USER=tester
#   NO_COLOR=1  LC_ALL=C  TMPDIR=$TMP  umask 022, stdin /dev/null,
#   no other QBRT_* variable (QBRT_TEAM, QBRT_TODAY unset),
#   ROOT  the project root;  TMP  the case's directory;
#   QBRT  the binary, $ROOT/qbrt; "qbrt" on PATH runs it.
#
# A command that runs longer than QBRT_E2E_TIMEOUT seconds (default 60) is
# killed, with its process group, and fails.
#
# Example:
#
#   # a QBR's ID is made from the customer's name
#   $ qbrt init
#   ~ database $TMP/qbrt\.db is ready \(schema version \d+\)
#   $ qbrt qbr add "Acme Corp" 2024Q1
#   | ACME-2024Q1
#   $ qbrt qbr add "Acme Corp" 2024Q1
#   ! qbrt: QBR ACME-2024Q1 already exists
#   [2]
#
# tests/cases/README says the same, with the list of cases.
use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname basename);
use File::Path qw(remove_tree);
use File::Temp qw(tempdir);
use POSIX qw(WNOHANG);

my $ROOT = abs_path(dirname(abs_path(__FILE__)) . '/..');
my $BIN = "$ROOT/qbrt";
my $CASES = "$ROOT/tests/cases";
my $TIMEOUT = $ENV{QBRT_E2E_TIMEOUT} || 60;
my $KEEP = $ENV{QBRT_E2E_KEEP};
my $CONTEXT = 3;            # unchanged lines shown around a difference

$| = 1;

# On an interrupt, stop the running command and clean up (File::Temp removes
# the directories when the script exits, not when a signal kills it).
my $running;
for my $sig (qw(INT TERM HUP PIPE)) {
    $SIG{$sig} = sub { kill 'KILL', -$running if $running; exit 1 };
}

# ---- build ----

sub bail { print "Bail out! $_[0]\n"; exit 255 }

if (system('sh', '-c', 'command -v make >/dev/null 2>&1') == 0) {
    system('sh', '-c', 'make -s -C "$1" qbrt >&2', 'sh', $ROOT) == 0 or bail('./qbrt does not build');
}
-x $BIN or bail("$BIN is missing; run make");

# ---- parsing ----

# Reads a case file into a list of commands:
#   { line, cmd, status, out => [spec...], err => [spec...] }
# a spec is { kind => lit|re|glob, text, src }. Dies with file:line on a
# line that is none of the above.
sub parse_case {
    my ($path) = @_;
    my (@cmds, $cur, $in_cmd);
    open my $fh, '<', $path or die "$path: $!\n";
    my $n = 0;
    while (my $l = <$fh>) {
        $n++;
        chomp $l;
        my $where = basename($path) . ":$n";
        if ($l =~ /^\$ (.*)\z/s) {
            $cur = { line => $n, cmd => $1, status => 0, status_given => 0,
                     out => [], err => [] };
            push @cmds, $cur;
            $in_cmd = 1;
            next;
        }
        if ($l =~ /^>(?: (.*))?\z/s) {
            die "$where: '>' continues a command, but none is open here\n" unless $in_cmd;
            $cur->{cmd} .= "\n" . ($1 // '');
            next;
        }
        if ($l =~ /^#/ || $l =~ /^\s*\z/) {
            $in_cmd = 0;
            next;
        }
        die "$where: an expectation before the first command\n" unless $cur;
        $in_cmd = 0;
        if ($l =~ /^\|(?: (.*))?\z/s) {
            push @{$cur->{out}}, { kind => 'lit', text => $1 // '', src => $l };
        } elsif ($l =~ /^~ (.*)\z/s) {
            push @{$cur->{out}}, { kind => 're', text => $1, src => $l };
        } elsif ($l eq '...') {
            push @{$cur->{out}}, { kind => 'glob', src => $l };
        } elsif ($l =~ /^!~ (.*)\z/s) {
            push @{$cur->{err}}, { kind => 're', text => $1, src => $l };
        } elsif ($l eq '!...') {
            push @{$cur->{err}}, { kind => 'glob', src => $l };
        } elsif ($l =~ /^!(?: (.*))?\z/s) {
            push @{$cur->{err}}, { kind => 'lit', text => $1 // '', src => $l };
        } elsif ($l =~ /^\[(\d+)\]\z/) {
            die "$where: a second exit status for one command\n" if $cur->{status_given}++;
            $cur->{status} = $1;
        } else {
            die "$where: cannot tell what this line is: '$l' (see tests/cases/README)\n";
        }
    }
    close $fh;
    die basename($path) . ": no command in the file\n" unless @cmds;
    return \@cmds;
}

# Turns the specs' text into what lines are compared with: $TMP and $ROOT
# replaced, literal lines without trailing blanks, regexes compiled.
sub resolve_specs {
    my ($specs, $vars) = @_;
    my @out;
    for my $s (@$specs) {
        my %r = %$s;
        if ($s->{kind} eq 'lit') {
            (my $t = $s->{text}) =~ s/\$(TMP|ROOT)\b/$vars->{$1}/g;
            $t =~ s/[ \t]+\z//;
            $r{text} = $t;
        } elsif ($s->{kind} eq 're') {
            (my $t = $s->{text}) =~ s/\$(TMP|ROOT)\b/\Q$vars->{$1}\E/g;
            my $re = eval { qr/\A(?:$t)\z/s };
            $r{bad} = "bad regex: $@" unless $re;
            $r{re} = $re;
        }
        push @out, \%r;
    }
    return \@out;
}

# ---- running ----

# Runs one command; returns (exit status or undef, stdout, stderr, note).
sub run_command {
    my ($cmd, $dir, $env, $scratch) = @_;
    my ($out_file, $err_file) = ("$scratch/stdout", "$scratch/stderr");
    my $pid = fork;
    die "fork: $!\n" unless defined $pid;
    $running = $pid;
    if ($pid == 0) {
        setpgrp(0, 0);
        chdir $dir or POSIX::_exit(126);
        %ENV = %$env;
        umask 022;
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', $out_file;
        open STDERR, '>', $err_file;
        { no warnings q(exec); exec '/bin/sh', '-c', $cmd; }
        POSIX::_exit(127);
    }
    my $deadline = time + $TIMEOUT;
    my ($status, $note);
    while (1) {
        my $r = waitpid($pid, WNOHANG);
        if ($r == $pid) { $status = $?; last }
        if (time > $deadline) {
            kill 'KILL', -$pid;
            waitpid($pid, 0);
            $note = "killed after ${TIMEOUT}s";
            last;
        }
        select(undef, undef, undef, 0.02);
    }
    kill 'KILL', -$pid;     # whatever it left running in the background
    $running = undef;
    my $exit;
    if (!defined $note) {
        if ($status & 127) { $note = 'killed by signal ' . ($status & 127) }
        else { $exit = $status >> 8 }
    }
    return ($exit, slurp($out_file), slurp($err_file), $note);
}

sub slurp {
    open my $fh, '<', $_[0] or return '';
    local $/;
    my $t = <$fh>;
    return $t // '';
}

sub lines_of {
    my ($text) = @_;
    return [] if $text eq '';
    my @l = split /\n/, $text, -1;
    pop @l if @l && $l[-1] eq '';       # the final newline ends the last line
    s/[ \t]+\z// for @l;
    return \@l;
}

# ---- comparing ----

sub spec_matches {
    my ($s, $line) = @_;
    return $line eq $s->{text} if $s->{kind} eq 'lit';
    return $s->{re} && $line =~ $s->{re} if $s->{kind} eq 're';
    return 1;
}

# Aligns the specs with the lines at the least number of differences; a
# "..." spec takes any number of lines for free. Returns (ok, diff lines).
sub compare {
    my ($specs, $lines) = @_;
    my ($n, $m) = (scalar @$specs, scalar @$lines);
    my (@cost, %hit);
    my $match = sub {
        my ($i, $j) = @_;
        $hit{"$i,$j"} //= spec_matches($specs->[$i], $lines->[$j]) ? 1 : 0;
    };
    for (my $i = $n; $i >= 0; $i--) {
        for (my $j = $m; $j >= 0; $j--) {
            if ($i == $n) { $cost[$i][$j] = $m - $j; next }
            my $s = $specs->[$i];
            if ($s->{kind} eq 'glob') {
                my $c = $cost[$i + 1][$j];
                $c = $cost[$i][$j + 1] if $j < $m && $cost[$i][$j + 1] < $c;
                $cost[$i][$j] = $c;
                next;
            }
            my $c = 1 + $cost[$i + 1][$j];
            $c = 1 + $cost[$i][$j + 1] if $j < $m && 1 + $cost[$i][$j + 1] < $c;
            $c = $cost[$i + 1][$j + 1] if $j < $m && $match->($i, $j)
                                          && $cost[$i + 1][$j + 1] < $c;
            $cost[$i][$j] = $c;
        }
    }
    return (1, []) if $cost[0][0] == 0;

    my @diff;       # [mark, text]
    my ($i, $j) = (0, 0);
    while ($i < $n || $j < $m) {
        my $c = $cost[$i][$j];
        my $s = $i < $n ? $specs->[$i] : undef;
        if ($s && $s->{kind} eq 'glob') {
            if ($j < $m && $cost[$i][$j + 1] == $c) {
                push @diff, [' ', show($lines->[$j])];
                $j++;
            } else {
                $i++;
            }
        } elsif ($s && $j < $m && $match->($i, $j) && $cost[$i + 1][$j + 1] == $c) {
            push @diff, [' ', show($lines->[$j])];
            $i++, $j++;
        } elsif ($s && 1 + $cost[$i + 1][$j] == $c) {
            push @diff, ['-', $s->{src} . ($s->{bad} ? "   <- $s->{bad}" : '')];
            $i++;
        } else {
            push @diff, ['+', show($lines->[$j])];
            $j++;
        }
    }
    # Unchanged lines far from any change are elided.
    my @near = (0) x @diff;
    for my $k (0 .. $#diff) {
        next if $diff[$k][0] eq ' ';
        $near[$_] = 1 for grep { $_ >= 0 && $_ <= $#diff } $k - $CONTEXT .. $k + $CONTEXT;
    }
    my (@shown, $gap);
    for my $k (0 .. $#diff) {
        if ($near[$k]) {
            push @shown, "$diff[$k][0] $diff[$k][1]";
            $gap = 0;
        } elsif (!$gap++) {
            push @shown, '  [...]';
        }
    }
    return (0, \@shown);
}

sub show {
    my ($t) = @_;
    $t =~ s/\r/\\r/g;
    $t =~ s/([\x00-\x08\x0b-\x1f])/sprintf('\\x%02x', ord $1)/ge;
    return $t;
}

# ---- main ----

my @files;
if (@ARGV) {
    for my $a (@ARGV) {
        my $f = -f $a ? $a : "$CASES/" . basename($a, '.case') . '.case';
        bail("no case $a") unless -f $f;
        push @files, abs_path($f);
    }
} else {
    opendir my $dh, $CASES or bail("$CASES: $!");
    @files = map { "$CASES/$_" } sort grep { /\.case\z/ } readdir $dh;
    closedir $dh;
}
bail("no cases in $CASES") unless @files;

my (@cases, $planned);
for my $f (@files) {
    my $cmds = eval { parse_case($f) };
    push @cases, { file => $f, cmds => $cmds, error => $@ };
    $planned += $cmds ? @$cmds : 1;
}
print "1..$planned\n";

my $base = tempdir('qbrt-e2e.XXXXXX', TMPDIR => 1, CLEANUP => !$KEEP);
my $bindir = "$base/bin";
mkdir $bindir or bail("$bindir: $!");
symlink $BIN, "$bindir/qbrt" or bail("$bindir/qbrt: $!");

my $t = 0;
my $failed = 0;
for my $case (@cases) {
    my $name = basename($case->{file}, '.case');
    if ($case->{error}) {
        $t++;
        print "not ok $t - $name: the case file does not parse\n";
        print "# $_\n" for split /\n/, $case->{error};
        $failed++;
        next;
    }
    my $tmp = "$base/$name";
    mkdir $tmp or bail("$tmp: $!");
    my $scratch = "$base/.scratch-$name";
    mkdir $scratch or bail("$scratch: $!");
    my %env = map { $_ => $ENV{$_} } grep { !/^QBRT_|^NO_COLOR\z|^LC_|^LANG/ } keys %ENV;
    %env = (%env,
        QBRT_DB => "$tmp/qbrt.db", HOME => $tmp, XDG_CONFIG_HOME => "$tmp/config",
        XDG_DATA_HOME => "$tmp/data", QBRT_NOW => '2024-02-20 09:00',
        QBRT_USER => 'tester', NO_COLOR => 1, LC_ALL => 'C', TMPDIR => $tmp,
        ROOT => $ROOT, TMP => $tmp, QBRT => $BIN,
        PATH => "$bindir:" . ($ENV{PATH} // '/usr/bin:/bin'));
    my %vars = (TMP => $tmp, ROOT => $ROOT);

    print "# $name\n";
    for my $c (@{$case->{cmds}}) {
        $t++;
        my ($first) = split /\n/, $c->{cmd};
        $first .= ' ...' if $c->{cmd} =~ /\n/;
        my $label = "$name:$c->{line}: $first";
        my ($exit, $out, $err, $note) = run_command($c->{cmd}, $tmp, \%env, $scratch);
        my ($ok_out, $d_out) = compare(resolve_specs($c->{out}, \%vars), lines_of($out));
        my ($ok_err, $d_err) = compare(resolve_specs($c->{err}, \%vars), lines_of($err));
        my $ok_exit = defined $exit && $exit == $c->{status};
        if ($ok_out && $ok_err && $ok_exit) {
            print "ok $t - $label\n";
            next;
        }
        $failed++;
        print "not ok $t - $label\n";
        (my $shown = $case->{file}) =~ s{^\Q$ROOT\E/}{};
        my @d = ("  at $shown line $c->{line}:",
                 map { "    $_" } split /\n/, $c->{cmd});
        push @d, "  exit status: expected $c->{status}, got "
                 . (defined $exit ? $exit : $note) unless $ok_exit;
        push @d, '  stdout (- expected, + actual):', map { "    $_" } @$d_out unless $ok_out;
        push @d, '  stderr (- expected, + actual):', map { "    $_" } @$d_err unless $ok_err;
        print STDERR "# $_\n" for @d;
    }
    remove_tree($scratch);
}
print STDERR "# kept the case directories in $base\n" if $KEEP;
exit($failed > 254 ? 254 : $failed);
