/* gen_words.c — word lists, topics, Zipf sampling, and the RNG. */
#include "gen_words.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: small, fast, and the same on every machine. */
void gen_rng_seed(gen_rng *r, uint64_t seed) { r->s = seed ^ 0x9E3779B97F4A7C15ull; }

uint64_t gen_rng_next(gen_rng *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t gen_rng_below(gen_rng *r, uint32_t n) {
    return n ? (uint32_t)((gen_rng_next(r) >> 32) * (uint64_t)n >> 32) : 0;
}

double gen_rng_unit(gen_rng *r) { return (double)(gen_rng_next(r) >> 11) / 9007199254740992.0; }

/* The most common English words, roughly in order of frequency. */
static const char *const common[] = {
    "the", "to", "and", "a", "of", "i", "is", "that", "in", "you", "it", "my", "for", "have",
    "be", "they", "not", "with", "this", "are", "on", "was", "but", "me", "we", "if", "at",
    "can", "so", "what", "do", "he", "as", "will", "your", "all", "there", "would", "from",
    "about", "an", "or", "has", "been", "she", "them", "their", "her", "him", "his", "our",
    "said", "just", "no", "get", "know", "up", "out", "any", "should", "had", "which", "when",
    "were", "who", "could", "like", "now", "because", "also", "more", "how", "one", "then",
    "want", "think", "did", "need", "only", "time", "am", "some", "going", "us", "after",
    "back", "still", "even", "very", "really", "over", "into", "see", "why", "these", "than",
    "other", "may", "make", "told", "feel", "say", "help", "go", "where", "take", "being",
    "does", "two", "well", "much", "before", "first", "people", "day", "never", "last", "things",
    "something", "same", "own", "week", "again", "while", "through", "year", "years", "got",
    "those", "way", "anything", "done", "since", "might", "life", "home", "here", "too",
    "good", "new", "around", "thing", "without", "every", "ask", "asked", "tell", "long",
    "both", "many", "most", "keep", "give", "try", "put", "let", "seem", "whether", "next",
    "until", "already", "though", "such", "each", "few", "lot", "must", "yet", "away", "left",
    "right", "part", "sure", "always", "called", "came", "come", "made", "trying", "look",
    "able", "saying", "question", "answer", "thank", "thanks", "please", "hope", "hi", "hello",
    "dear", "wishes", "best", "regards", "worried", "scared", "upset", "angry", "happy",
    "month", "months", "weeks", "days", "morning", "today", "tomorrow", "yesterday", "monday",
    "tuesday", "wednesday", "thursday", "friday", "letter", "phone", "email", "call", "rang",
    "spoke", "meeting", "meetings", "report", "reports", "information", "advice", "support",
    "family", "families", "child", "children", "kids", "son", "daughter", "baby", "mum", "dad",
    "mother", "father", "parent", "parents", "partner", "boyfriend", "husband", "wife",
    "grandparents", "nan", "grandmother", "grandfather", "aunt", "uncle", "sister", "brother",
    "school", "nursery", "teacher", "doctor", "hospital", "police", "health", "visitor",
    "house", "flat", "money", "work", "job", "car", "food", "clothes", "room", "bed", "sleep",
    "safe", "safety", "risk", "harm", "concern", "concerns", "worry", "problem", "problems",
    "happened", "happen", "happens", "change", "changes", "plan", "plans", "agree", "agreed",
    "decision", "decide", "decided", "right", "rights", "law", "legal", "court", "judge",
    "evidence", "statement", "write", "written", "read", "understand", "explain", "explained",
    "clear", "important", "serious", "difficult", "hard", "easy", "possible", "likely",
    "different", "whole", "small", "big", "old", "young", "little", "full", "open", "close",
    "start", "started", "end", "ended", "stop", "stopped", "continue", "moved", "moving",
    "live", "lives", "living", "stay", "stayed", "visit", "visits", "see", "seen", "saw",
    "went", "gone", "bring", "brought", "send", "sent", "receive", "received", "find", "found",
    "lose", "lost", "win", "fight", "fighting", "believe", "believed", "true", "false", "fair",
    "unfair", "wrong", "mistake", "sorry", "afraid", "honest", "truth", "lie", "lied",
    "local", "authority", "service", "services", "office", "manager", "team", "staff",
    "worker", "workers", "professional", "professionals", "agency", "agencies", "council",
    "assessment", "assessed", "assess", "review", "reviewed", "visit", "record", "records",
    "notes", "minutes", "copy", "copies", "form", "forms", "sign", "signed", "consent",
    "attend", "attended", "invite", "invited", "chair", "room", "talk", "talked", "listen",
    "listened", "views", "wishes", "feelings", "needs", "care", "cared", "caring", "carer",
    "carers", "foster", "placement", "placed", "return", "returned", "removed", "removal",
    "order", "orders", "proceedings", "process", "stage", "step", "steps", "outcome",
    "result", "results", "test", "tests", "drug", "drugs", "alcohol", "drinking", "mental",
    "anxiety", "depression", "medication", "counselling", "course", "courses", "programme",
    "domestic", "abuse", "violence", "neglect", "injury", "bruise", "bruises", "accident",
    "emotional", "physical", "sexual", "behaviour", "development", "education", "attendance",
};

/* Topics: thread titles and the words their posts lean on. Written for
 * this generator. */
static const char *const t_cp_titles[] = {"child protection plan worries", "cp conference next week",
    "what happens at a child protection conference", "cp plan ended?", NULL};
static const char *const t_cp_words[] = {"child", "protection", "plan", "conference", "core",
    "group", "category", "neglect", "emotional", "harm", "chair", "review", "significant",
    "section", "47", "enquiry", "strategy", "cp", "initial", "dropped", NULL};
static const char *const t_plo_titles[] = {"letter before proceedings", "plo meeting tomorrow",
    "pre-proceedings what does it mean", "public law outline help", NULL};
static const char *const t_plo_words[] = {"pre-proceedings", "plo", "public", "law", "outline",
    "letter", "before", "proceedings", "solicitor", "legal", "aid", "meeting", "court",
    "threshold", "expectations", "weeks", "timescale", "escalate", NULL};
static const char *const t_s20_titles[] = {"section 20 want my son home", "signed s20 by mistake",
    "can i remove consent to section 20", "voluntary accommodation", NULL};
static const char *const t_s20_words[] = {"section", "20", "s20", "voluntary", "accommodation",
    "accommodated", "consent", "withdraw", "foster", "carer", "return", "home", "parental",
    "responsibility", "objection", "notice", NULL};
static const char *const t_care_titles[] = {"interim care order hearing", "care proceedings started",
    "final hearing next month", "ico granted what now", NULL};
static const char *const t_care_words[] = {"care", "order", "interim", "ico", "hearing",
    "judge", "guardian", "barrister", "solicitor", "final", "threshold", "evidence", "expert",
    "parenting", "assessment", "placement", "adoption", "26", "weeks", NULL};
static const char *const t_kin_titles[] = {"grandparents want to look after baby", "sgo assessment",
    "special guardianship allowance", "kinship carer support", NULL};
static const char *const t_kin_words[] = {"kinship", "special", "guardianship", "sgo",
    "grandparent", "grandparents", "nan", "aunt", "connected", "person", "viability",
    "assessment", "allowance", "support", "plan", "residence", "arrangements", NULL};
static const char *const t_fgc_titles[] = {"family group conference", "fgc next week",
    "what is private family time", NULL};
static const char *const t_fgc_words[] = {"family", "group", "conference", "fgc",
    "coordinator", "private", "time", "plan", "relatives", "network", "advocate", NULL};
static const char *const t_contact_titles[] = {"contact with my kids in foster care",
    "family time reduced", "supervised contact centre", NULL};
static const char *const t_contact_words[] = {"contact", "family", "time", "supervised",
    "centre", "visits", "foster", "carer", "letterbox", "reduced", "increase", "sessions",
    "notes", "supervisor", NULL};
static const char *const t_assess_titles[] = {"parenting assessment starting", "pams assessment",
    "residential assessment", "psychological assessment", NULL};
static const char *const t_assess_words[] = {"parenting", "assessment", "assessor",
    "pams", "residential", "psychological", "cognitive", "sessions", "report",
    "recommendations", "capacity", "change", NULL};
static const char *const t_dv_titles[] = {"domestic abuse and social services", "failure to protect",
    "ex partner and child protection", NULL};
static const char *const t_dv_words[] = {"domestic", "abuse", "violence", "dv", "ex",
    "partner", "refuge", "police", "protect", "failure", "safety", "plan", "injunction",
    "non-molestation", "order", "freedom", "programme", NULL};
static const char *const t_complaint_titles[] = {"complaint about social worker",
    "how to complain to children's services", "ombudsman complaint", NULL};
static const char *const t_complaint_words[] = {"complaint", "complain", "stage",
    "investigation", "ombudsman", "manager", "social", "worker", "change", "records",
    "inaccurate", "response", "procedure", NULL};
static const char *const t_legal_titles[] = {"do i get legal aid", "need a solicitor",
    "legal aid for grandparents", NULL};
static const char *const t_legal_words[] = {"legal", "aid", "solicitor", "means",
    "tested", "non-means", "merits", "advice", "representation", "law", "society", "panel",
    NULL};
static const char *const t_cin_titles[] = {"child in need plan", "cin meeting",
    "case closing soon", NULL};
static const char *const t_cin_words[] = {"child", "in", "need", "cin", "plan", "section",
    "17", "support", "closed", "closure", "early", "help", "review", NULL};

static const gen_topic topics[] = {
    {"child protection", t_cp_titles, t_cp_words},
    {"pre-proceedings", t_plo_titles, t_plo_words},
    {"section 20", t_s20_titles, t_s20_words},
    {"care proceedings", t_care_titles, t_care_words},
    {"kinship care", t_kin_titles, t_kin_words},
    {"family group conferences", t_fgc_titles, t_fgc_words},
    {"contact", t_contact_titles, t_contact_words},
    {"assessments", t_assess_titles, t_assess_words},
    {"domestic abuse", t_dv_titles, t_dv_words},
    {"complaints", t_complaint_titles, t_complaint_words},
    {"legal aid", t_legal_titles, t_legal_words},
    {"child in need", t_cin_titles, t_cin_words},
};

size_t gen_topic_count(void) { return sizeof topics / sizeof *topics; }
const gen_topic *gen_topic_get(size_t i) { return &topics[i % gen_topic_count()]; }

/* ---- Zipf over real words, then made-up ones ---- */

struct gen_vocab {
    double *cdf;      /* cdf[r]: probability of a rank <= r */
    size_t size;
};

#define N_COMMON (sizeof common / sizeof *common)

gen_vocab *gen_vocab_new(size_t size, double exponent) {
    gen_vocab *v = malloc(sizeof *v);
    double sum = 0;
    size_t r;
    if (!v) return NULL;
    if (size < N_COMMON) size = N_COMMON;
    v->size = size;
    v->cdf = malloc(size * sizeof *v->cdf);
    if (!v->cdf) {
        free(v);
        return NULL;
    }
    for (r = 0; r < size; r++) {
        sum += 1.0 / pow((double)(r + 1), exponent);
        v->cdf[r] = sum;
    }
    for (r = 0; r < size; r++) v->cdf[r] /= sum;
    return v;
}

void gen_vocab_free(gen_vocab *v) {
    if (!v) return;
    free(v->cdf);
    free(v);
}

/* Syllables for made-up words: pronounceable, never real words' spelling. */
static const char *const syllables[] = {
    "ba", "ke", "lo", "mi", "nu", "pa", "re", "si", "to", "vu", "dra", "fen", "gol", "hix",
    "jun", "kor", "lem", "mav", "nel", "pim", "quo", "ros", "tav", "wen", "yul", "zor",
    "bri", "cla", "dro", "fla", "gri", "pro", "sta", "tre", "vle", "xan",
};
#define N_SYLLABLES (sizeof syllables / sizeof *syllables)

static void made_up_word(size_t rank, lt_buf *out) {
    size_t n = rank;
    /* At least two syllables, so no made-up word is a short real one. */
    lt_buf_append_str(out, syllables[n % N_SYLLABLES]);
    n /= N_SYLLABLES;
    do {
        lt_buf_append_str(out, syllables[n % N_SYLLABLES]);
        n /= N_SYLLABLES;
    } while (n);
}

void gen_vocab_word(const gen_vocab *v, gen_rng *r, lt_buf *out) {
    double u = gen_rng_unit(r);
    size_t lo = 0, hi = v->size - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->cdf[mid] < u) lo = mid + 1;
        else hi = mid;
    }
    if (lo < N_COMMON) lt_buf_append_str(out, common[lo]);
    else made_up_word(lo, out);
}

/* ---- Names ---- */

static const char *const name_parts[] = {
    "mum", "dad", "nan", "lily", "kez", "dazza", "sunny", "tired", "worried", "hopeful",
    "jo", "sam", "mel", "rob", "ash", "bex", "lou", "kim", "jay", "tash", "gran", "pops",
};
static const char *const advisers[] = {
    "Maya, HFA Adviser", "Tom, HFA Advisor", "Priya, HFA Adviser", "Gareth, HFA Adviser",
    "Rhian, HFA Adviser", "Noor, HFA Adviser",
};

const char *gen_member_name(gen_rng *r, char buf[64]) {
    const size_t n = sizeof name_parts / sizeof *name_parts;
    snprintf(buf, 64, "%s%s%u", name_parts[gen_rng_below(r, n)],
             gen_rng_below(r, 2) ? "_" : "", (unsigned)gen_rng_below(r, 100));
    return buf;
}

const char *gen_adviser_name(gen_rng *r) {
    return advisers[gen_rng_below(r, sizeof advisers / sizeof *advisers)];
}
