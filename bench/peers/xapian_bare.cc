// xapian_bare — the naive Xapian design, for bench/: one document per post,
// Xapian's TermGenerator (STEM_SOME, its own English stemmer, positions),
// title / text / quoted text as prefixed fields, the text as document data,
// one commit at the end. No spelling data, no roles, no replacing.
//
//   xapian_bare index DB FILE.tsv...        (lantern-corpus --format tsv)
//   xapian_bare query DB QUERIES REPEATS    (prints queries/s, p50, p99)
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static std::vector<std::string> split_tabs(const std::string &line) {
    std::vector<std::string> f;
    size_t start = 0, tab;
    while ((tab = line.find('\t', start)) != std::string::npos) {
        f.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
    f.push_back(line.substr(start));
    return f;
}

static int index(int argc, char **argv) {
    Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    long posts = 0;
    double t0 = now();
    for (int i = 3; i < argc; i++) {
        std::ifstream in(argv[i]);
        std::string line;
        while (std::getline(in, line)) {
            std::vector<std::string> f = split_tabs(line);
            if (f.size() < 5) continue;
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(f[2], 1, "S");
            tg.increase_termpos(100);
            tg.index_text(f[3]);
            tg.increase_termpos(100);
            tg.index_text(f[4], 1, "XQ");
            doc.set_data(f[3]);
            doc.add_boolean_term("Q" + f[0]);
            doc.add_value(0, f[1]);
            db.add_document(doc);
            posts++;
        }
    }
    db.commit();
    double secs = now() - t0;
    std::cout << "posts " << posts << " seconds " << secs << "\n";
    return 0;
}

static int query(char **argv) {
    Xapian::Database db(argv[2]);
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
    std::vector<std::string> queries;
    std::ifstream in(argv[3]);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        queries.push_back(line.substr(0, line.find('\t')));
    }
    int repeats = std::stoi(argv[4]);
    std::vector<double> times;
    for (int r = 0; r < repeats; r++) {
        for (const std::string &q : queries) {
            double t0 = now();
            Xapian::Enquire e(db);
            e.set_query(qp.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT));
            Xapian::MSet m = e.get_mset(0, 10);
            for (auto it = m.begin(); it != m.end(); ++it) (void)it.get_document().get_data();
            times.push_back(now() - t0);
        }
    }
    std::sort(times.begin(), times.end());
    double total = 0;
    for (double t : times) total += t;
    std::cout << "queries " << times.size() << " qps " << times.size() / total
              << " p50_ms " << times[times.size() / 2] * 1000 << " p99_ms "
              << times[std::min(times.size() - 1, times.size() * 99 / 100)] * 1000 << "\n";
    return 0;
}

int main(int argc, char **argv) {
    try {
        if (argc >= 4 && std::string(argv[1]) == "index") return index(argc, argv);
        if (argc == 5 && std::string(argv[1]) == "query") return query(argv);
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian_bare: " << e.get_description() << "\n";
        return 1;
    }
    std::cerr << "usage: xapian_bare index DB FILE.tsv... | query DB QUERIES REPEATS\n";
    return 2;
}
