// End-to-end tests of what the filter reads and writes: checked output, files, CSV,
// headers, row shapes, charsets. Each asserts something that once went wrong silently.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

TEST_CASE("cli io: a write error is exit 74 with the output named, for every command", "[cli][io]") {
  for (const char* cmd : {"key", "resolve", "cluster", "match", "parse", "translit", "tables lint --format json", "tables stats"}) {
    INFO(cmd);
    Run r = sh(std::string("printf 'Vucic\\tВучић\\n' | \"$NN\" ") + cmd + " > /dev/full; echo \"exit $?\"");
    CHECK(r.out == "exit 74\n");
    CHECK(r.err.find("normname: cannot write standard output: No space left on device") != std::string::npos);
  }
  Run o = sh("printf 'Vucic\\n' | \"$NN\" key -o /dev/full; echo \"exit $?\"");
  CHECK(o.out == "exit 74\n");
  CHECK(o.err.find("cannot write /dev/full") != std::string::npos);
}

TEST_CASE("cli io: a reader that closes the pipe early ends the run quietly", "[cli][io]") {
  Run r = sh("seq 1 300000 > in; \"$NN\" key in | head -1; echo \"exit $?\"");
  CHECK(r.out == "1\nexit 0\n");
  CHECK(r.err.empty());
}

TEST_CASE("cli io: output is buffered, not one write per line", "[cli][io]") {
  // strace counts the write(2) calls to standard output for 2,000 lines.
  Run r = sh("seq 1 2000 | sed 's/^/Nikitin /' > in\n"
             "strace -f -e trace=write -o trace \"$NN\" key < in > out\n"
             "grep -c '^[0-9]* *write(1,' trace\n"
             "strace -f -e trace=write -o trace2 \"$NN\" key --line-buffered < in > out2\n"
             "grep -c '^[0-9]* *write(1,' trace2\n"
             "cmp out out2 && echo same");
  const auto lines = r.lines();
  REQUIRE(lines.size() == 3);
  CHECK(std::stoul(lines[0]) <= 5);
  CHECK(std::stoul(lines[1]) >= 2000);
  CHECK(lines[2] == "same");
}

TEST_CASE("cli io: file arguments, - for standard input, -o FILE, a missing file is exit 66", "[cli][io]") {
  Run r = sh("printf 'Вучић\\n' > a; printf 'Путин\\n' > b; printf 'Никитин\\n' | \"$NN\" key a - b -o out; echo \"exit $?\"; cat out");
  CHECK(r.out == "exit 0\nvucic\nnikitin\nputin\n");
  Run missing = sh("\"$NN\" key nothing-here; echo \"exit $?\"");
  CHECK(missing.out == "exit 66\n");
  CHECK(missing.err.find("normname: nothing-here: No such file or directory") != std::string::npos);
  Run same = sh("printf 'x\\n' > a; \"$NN\" key a -o a; echo \"exit $?\"; cat a");
  CHECK(same.out == "exit 64\nx\n");  // the input was not truncated
  Run errors = sh("printf 'ok\\nVu\\377\\n' > a; \"$NN\" key --strict a; echo \"exit $?\"");
  CHECK(errors.out == "ok\nexit 65\n");
  CHECK(errors.err.find("normname: a: line 2: invalid UTF-8") != std::string::npos);
}

TEST_CASE("cli io: CSV per RFC 4180, quotes and line breaks kept", "[cli][io]") {
  Run r = run("resolve --csv --field 2", "1,\"VUČIĆ, Aleksandar\"\n2,\"Say \"\"hi\"\"\nthere\",x\n");
  const auto lines = r.lines();
  REQUIRE(lines.size() == 3);
  // The comma inside quotes is part of the name: Vučić resolves, and the row keeps its quotes.
  CHECK(lines[0] == "1,\"VUČIĆ, Aleksandar\",XVucicAleksandar,1.000,Aleksandar Vučić");
  CHECK(lines[1] == "2,\"Say \"\"hi\"\"");
  CHECK(lines[2].rfind("there\",x,", 0) == 0);
  // Without --csv, a quoted field is split all the same, and a warning says to use --csv.
  Run plain = run("resolve --delimiter , --field 2", "1,\"VUČIĆ, Aleksandar\"\n");
  CHECK(plain.err.find("say --csv") != std::string::npos);
  // --delimiter with --csv: semicolon-separated CSV.
  CHECK(run("key --csv --delimiter ';' --field 2", "1;\"a;b\"\n").out == "1;\"a;b\";a b\n");
  // A quote that never closes does not swallow the lines after it.
  Run open = run("key --csv", "\"Vucic\nPutin\n");
  CHECK(open.lines().size() == 2);
  CHECK(open.lines()[1] == "Putin,putin");
  CHECK(open.err.find("did not close") != std::string::npos);
}

TEST_CASE("cli io: --header writes the header back with the result columns", "[cli][io]") {
  CHECK(run("key --header --field 2", "id\tname\n1\tВучић\n").out == "id\tname\tkey\n1\tВучић\tvucic\n");
  CHECK(run("resolve --csv --header --field 2", "id,name\n1,Beograd\n").out == "id,name,id,score,alias\n1,Beograd,Q3711,1.000,Beograd\n");
  Run j = run("key --header --field 2 --format jsonl", "id\tname\n7\tВучич\n");
  const auto lines = j.lines();
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0])["header"] == nlohmann::json({"id", "name", "key"}));
  auto row = nlohmann::json::parse(lines[1]);
  CHECK(row["key"] == "vuchich");
  CHECK(row["row"]["id"] == "7");
  CHECK(row["row"]["name"] == "Вучич");
}

TEST_CASE("cli io: a short row is padded, so every row has as many columns", "[cli][io]") {
  Run r = run("resolve --field 3", "a\tb\tBeograd\nonly\n");
  const auto lines = r.lines();
  REQUIRE(lines.size() == 2);
  CHECK(std::count(lines[0].begin(), lines[0].end(), '\t') == std::count(lines[1].begin(), lines[1].end(), '\t'));
  CHECK(r.err.find("no field 3") != std::string::npos);
  CHECK(r.err.find("line 2") != std::string::npos);
}

TEST_CASE("cli io: jsonl with --field carries the input row", "[cli][io]") {
  auto j = nlohmann::json::parse(run("resolve --field 2 --format jsonl", "42\tBeograd\textra\n").out);
  CHECK(j["id"] == "Q3711");
  CHECK(j["row"] == nlohmann::json({"42", "Beograd", "extra"}));
}

TEST_CASE("cli io: --format tsv is the input columns, then the result, for every command", "[cli][io]") {
  CHECK(run("key --format tsv", "Вучић\n").out == "Вучић\tvucic\n");
  CHECK(run("match --format tsv", "Vucic\tВучић\n").out == "Vucic\tВучић\t1.000\tsame\n");
  CHECK(run("parse --format tsv", "Pyotr Nikitin\n").out == "Pyotr Nikitin\tgiven:Pyotr family:Nikitin male\n");
  CHECK(run("cluster --format tsv", "Vucic\nВучић\n").out == "Vucic\t1\nВучић\t1\n");
  CHECK(run("resolve --format tsv", "Beograd\n").out == "Beograd\tQ3711\t1.000\tBeograd\n");
  CHECK(run("translit --format tsv --scheme sr-latn", "Вучић\n").out == "Вучић\tVučić\n");
}

TEST_CASE("cli io: resolve on a miss has no alias, the closest candidate is named as rejected", "[cli][io]") {
  auto j = nlohmann::json::parse(run("resolve", "Moskau\n").out);
  if (j["id"].is_null()) {
    CHECK(j["alias"].is_null());
    CHECK(j["score"] == 0.0);
    if (j.contains("rejected")) CHECK(j["rejected"]["score"].get<double>() < 0.85);
  }
  auto none = nlohmann::json::parse(run("resolve", "Zzyzx Qwerty\n").out);
  CHECK(none["id"].is_null());
  CHECK(none["alias"].is_null());
}

TEST_CASE("cli io: any charset ICU knows, and bytes not valid in it are an error with the line", "[cli][io]") {
  CHECK(run("--encoding koi8-u", "Ki\xA7v\n").out == run("", "Kiїv\n").out);
  CHECK(run("key --encoding cp866", "\x82\xe3\xe7\xa8\xe7\n").out == "vuchich\n");
  CHECK(run("key --encoding iso-8859-2", "Vu\xe8i\xe6\n").out == "vucic\n");
  // UTF-16 with a byte order mark, named or found by its mark.
  const std::string utf16le("\xFF\xFE" "V\0u\0\x0D\x01i\0\x07\x01\n\0" "x\0\n\0", 18);
  CHECK(run("key --encoding UTF-16", utf16le).out == "vucic\nx\n");
  CHECK(run("key", utf16le).out == "vucic\nx\n");
  // A UTF-8 byte order mark is not part of the first name.
  CHECK(run("key --format tsv", "\xEF\xBB\xBFVucic\n").out == "Vucic\tvucic\n");
  // Also when a slow pipe brings the mark a byte at a time; and a file that is only a mark is empty.
  CHECK(sh("(printf '\\357'; sleep 0.3; printf '\\273\\277Vucic\\n') | \"$NN\" key --format tsv").out == "Vucic\tvucic\n");
  CHECK(run("key", "\xEF\xBB\xBF").out.empty());
  // koi8-u read as koi8-r: ї is a box-drawing character there. Not passed on as a letter.
  Run wrong = run("--encoding koi8-r --strict", "ok\nKi\xA7v\n");
  CHECK(wrong.status == 65);
  CHECK(wrong.out == "ok\n");
  CHECK(wrong.err.find("line 2: not valid koi8-r") != std::string::npos);
  Run lenient = run("--encoding koi8-r", "Ki\xA7v\n");
  CHECK(lenient.out.find("\xE2\x95\x96") == std::string::npos);  // no ╖
  CHECK(lenient.err.find("not valid koi8-r") != std::string::npos);
  Run list = run("--encoding list", "");
  CHECK(list.out.find("KOI8-U") != std::string::npos);
  CHECK(list.out.find("ibm-866") != std::string::npos);
  CHECK(run("--encoding no-such-charset", "x\n").status == 64);
}

TEST_CASE("cli io: plain messages for bad options, --format json only where it means an array", "[cli][io]") {
  Run zero = run("key --field 0", "x\n");
  CHECK(zero.status == 64);
  CHECK(zero.err.rfind("normname: --field: expects a column number", 0) == 0);
  CHECK(zero.err.size() < 200);
  CHECK(run("key --format json", "x\n").status == 64);
  CHECK(run("tables lint --format json", "").out.front() == '[');
}

TEST_CASE("cli io: each subcommand's help lists the options it takes", "[cli][io]") {
  for (const char* cmd : {"key", "translit", "match", "cluster", "resolve", "parse", "tables suggest"}) {
    INFO(cmd);
    const Run r = run(std::string(cmd) + " --help", "");
    CHECK(r.status == 0);
    for (const char* opt : {"--field", "--format", "--tables", "--csv", "--header", "--encoding", "-o,--output"}) {
      CHECK(r.out.find(opt) != std::string::npos);
    }
  }
  const Run top = run("--help", "");
  for (const char* t : {"lint", "fmt", "add", "merge", "rename", "split", "diff", "stats", "list", "compile", "suggest"}) {
    CHECK(top.out.find(t) != std::string::npos);
  }
  const Run tables = run("tables --help", "");
  CHECK(tables.out.find("normname tables add") != std::string::npos);
  CHECK(tables.out.find("normname translit") == std::string::npos);  // table examples, not the top-level ones
  CHECK(run("tables add --help", "").out.find("REQUIRED") != std::string::npos);
}

TEST_CASE("cli io: --jobs gives the bytes one thread gives, rejected lines and all", "[cli][io][jobs]") {
  // More lines than one batch, with a header, blank lines, a name over the length cap and an
  // invalid byte, through several commands.
  Run r = sh("{ printf 'name\\n'; i=0; while [ $i -lt 9000 ]; do printf 'Пётр Никитин %d\\n\\nVu\\377čić\\nAleksandar Vučić\\n' $i; i=$((i+1)); done;"
             "  head -c 2000 /dev/zero | tr '\\0' a; echo; } > in.txt;"
             "for cmd in key resolve parse 'translit --scheme sr-cyrl'; do"
             "  \"$NN\" $cmd --header < in.txt > one.txt 2> one.err; a=$?;"
             "  \"$NN\" $cmd --header --jobs 3 < in.txt > three.txt 2> three.err; b=$?;"
             "  cmp -s one.txt three.txt && cmp -s one.err three.err && [ $a = $b ] && echo same || echo \"$cmd differs\";"
             "done; wc -l < three.txt");
  CHECK(r.out == "same\nsame\nsame\nsame\n36002\n");
  Run strict = sh("printf 'a\\nb\\nVu\\377\\nc\\n' | \"$NN\" key --strict --jobs 2; echo \"exit $?\"");
  CHECK(strict.out == "a\nb\nexit 65\n");
  Run bad = sh("echo x | \"$NN\" key --jobs 0; echo \"exit $?\"");
  CHECK(bad.out.find("exit 64") != std::string::npos);
}

TEST_CASE("cli io: input read in chunks gives the bytes and messages of reading line by line", "[cli][io][jobs]") {
  // Several MB, so several chunks: lines across chunk edges, CRLF and lone CR, invalid bytes,
  // blank lines, one line longer than a chunk; two files in turn with a missing field; a
  // decoded charset; --strict stopping in a later chunk. --line-buffered reads line by line.
  Run r = sh("awk 'BEGIN { for (i = 0; i < 120000; i++) {"
             "  if (i % 9999 == 5) printf \"Vu\\377%d\\tx\\n\", i;"
             "  else if (i % 7777 == 3) printf \"Ana\\rMaria\\n\";"
             "  else if (i % 5000 == 1) printf \"\\n\";"
             "  else printf \"Пётр Никитин %d\\tPetar Nikitin\\r\\n\", i;"
             "  if (i == 60000) { for (j = 0; j < 150000; j++) printf \"Vučić \"; printf \"\\n\" } } }' > a.txt;"
             "printf 'Ivan\tIvanov\nPetar\n' > b.txt;"
             "printf '\xcf\xe5\xf2\xf0 \x98\n\xc8\xe2\xe0\xed\n' > c.txt;"
             "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat c.txt c.txt c.txt c.txt c.txt; done > c2.txt;"
             "for i in 1 2 3 4 5 6 7 8 9 10; do cat c2.txt c2.txt c2.txt c2.txt c2.txt c2.txt c2.txt c2.txt c2.txt c2.txt; done > c3.txt;"
             "for i in 1 2 3 4 5 6 7 8 9 10; do cat c3.txt; done > c.txt;"
             "check() { \"$NN\" \"$@\" --line-buffered > ref.out 2> ref.err; a=$?;"
             "  for j in 1 2 3; do \"$NN\" \"$@\" --jobs $j > got.out 2> got.err; b=$?;"
             "    cmp -s ref.out got.out && cmp -s ref.err got.err && [ $a = $b ] || echo \"$* --jobs $j differs\"; done;"
             "  echo \"$a $(wc -l < ref.out) $(head -c 300 ref.err)\"; };"
             "check key a.txt; check translit --scheme sr-cyrl --field 2 a.txt b.txt; check key --strict a.txt;"
             "check key --encoding windows-1251 c.txt");
  const std::string& out = r.out;
  INFO(out);
  CHECK(out.find("differs") == std::string::npos);
  // Every line has its output line (the long one rejected), and the messages name the lines.
  CHECK(out.find("0 120001 normname: a.txt: line 60002: a name is at most") != std::string::npos);
  CHECK(out.find("(first: a.txt: line 6)") != std::string::npos);
  CHECK(out.find("0 120003 ") != std::string::npos);
  CHECK(out.find("18 line(s) had no field 2, read as empty and padded (first: a.txt: line 4)") != std::string::npos);
  CHECK(out.find("65 5 normname: a.txt: line 6: invalid UTF-8") != std::string::npos);
  CHECK(out.find("0 200000 normname: warning: 100000 line(s) were not valid windows-1251 text, bad bytes replaced with U+FFFD (first: c.txt: line 1)") != std::string::npos);
}

TEST_CASE("cli io: --progress goes to stderr, on one line cleared at the end; output unchanged", "[cli][io][progress]") {
  // Large enough for more than one batch and more than one progress interval.
  Run r = sh("i=0; while [ $i -lt 40000 ]; do printf 'Пётр Никитин %d\\n' $i; i=$((i+1)); done > in.txt;"
             "\"$NN\" key < in.txt > plain.txt 2> plain.err;"
             "\"$NN\" key --progress < in.txt > shown.txt 2> shown.err;"
             "cmp -s plain.txt shown.txt && echo same; wc -c < plain.err; cat shown.err");
  REQUIRE(r.out.rfind("same\n0\n", 0) == 0);  // no terminal: no progress unless asked
  const std::string progress = r.out.substr(std::string("same\n0\n").size());
  CHECK(progress.find("normname: ") != std::string::npos);
  CHECK(progress.find(" lines, ") != std::string::npos);
  CHECK(progress.find('\n') == std::string::npos);  // rewritten in place, never a line of its own
  CHECK(progress.ends_with("\r\x1b[K"));            // and cleared
  Run cluster = sh("printf 'Пётр Никитин\\nPyotr Nikitin\\n' | \"$NN\" cluster --progress 2>&1 >/dev/null");
  CHECK(cluster.out.find("working on them") != std::string::npos);
}
