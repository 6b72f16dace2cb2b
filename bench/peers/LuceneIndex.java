// LuceneIndex — Apache Lucene 8 (Debian's liblucene8-java) as a peer for
// bench/: one document per post, EnglishAnalyzer, title / body (stored) /
// quoted as text fields, a 256 MB indexing buffer, one commit. Merging to
// one segment (Lucene's compaction) is a separate step, timed apart as the
// other engines' compaction is.
//
//   java -cp lucene-core.jar:lucene-analyzers-common.jar:. LuceneIndex index DIR FILE.tsv...
//   java -cp ... LuceneIndex merge DIR
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

public class LuceneIndex {
    private static IndexWriter open(String dir, IndexWriterConfig.OpenMode mode) throws Exception {
        IndexWriterConfig cfg = new IndexWriterConfig(new EnglishAnalyzer());
        cfg.setOpenMode(mode);
        cfg.setRAMBufferSizeMB(256);
        return new IndexWriter(FSDirectory.open(Paths.get(dir)), cfg);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("merge")) {
            try (IndexWriter w = open(args[1], IndexWriterConfig.OpenMode.APPEND)) {
                w.forceMerge(1);
                w.commit();
            }
            return;
        }
        if (args.length < 3 || !args[0].equals("index")) {
            System.err.println("usage: LuceneIndex index DIR FILE.tsv... | merge DIR");
            System.exit(2);
        }
        long posts = 0;
        long t0 = System.nanoTime();
        try (IndexWriter w = open(args[1], IndexWriterConfig.OpenMode.CREATE)) {
            for (int i = 2; i < args.length; i++) {
                try (BufferedReader in = Files.newBufferedReader(Paths.get(args[i]), StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] f = line.split("\t", -1);
                        if (f.length < 5) continue;
                        Document d = new Document();
                        d.add(new StringField("id", f[0], Field.Store.YES));
                        d.add(new StringField("thread", f[1], Field.Store.NO));
                        d.add(new TextField("title", f[2], Field.Store.NO));
                        d.add(new TextField("body", f[3], Field.Store.YES));
                        d.add(new TextField("quoted", f[4], Field.Store.NO));
                        w.addDocument(d);
                        posts++;
                    }
                }
            }
            w.commit();
        }
        System.out.printf("posts %d seconds %f%n", posts, (System.nanoTime() - t0) / 1e9);
    }
}
