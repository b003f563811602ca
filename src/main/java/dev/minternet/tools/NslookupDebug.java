package dev.minternet.tools;

import dev.minternet.dns.Dns;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** nslookup's {@code set debug} block (nslookup.c detailsection): each section, each record with its TTL. */
final class NslookupDebug {
    private NslookupDebug() {
    }

    static void print(Message m, Terminal term) {
        term.println("------------");
        term.println("    QUESTIONS:");
        for (Record q : m.getSection(Section.QUESTION)) {
            term.println("\t" + Dns.show(q.getName()) + ", type = " + Type.string(q.getType()) + ", class = "
                    + DClass.string(q.getDClass()));
        }
        String[] titles = {null, "    ANSWERS:", "    AUTHORITY RECORDS:", "    ADDITIONAL RECORDS:"};
        for (int s = Section.ANSWER; s <= Section.ADDITIONAL; s++) {
            term.println(titles[s]);
            List<Record> recs = Dns.section(m, s);
            for (Record r : recs) {
                term.println("    ->  " + Dns.show(r.getName()));
                if (r instanceof SOARecord soa) {
                    Nslookup.soa(soa, term);
                } else {
                    term.println("\t" + Nslookup.text(r.getType()) + BindText.rdata(r));
                }
                term.println("\tttl = " + r.getTTL());
            }
        }
        term.println("------------");
    }
}
