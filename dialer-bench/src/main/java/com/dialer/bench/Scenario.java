package com.dialer.bench;

import java.util.List;

import com.dialer.bench.report.ResultTable;

/** One benchmark: it measures and returns its tables; it never judges them. */
public interface Scenario {

    /** Short name, used by {@code --only} and as the JSON key prefix. */
    String id();

    List<ResultTable> run(BenchContext context) throws Exception;
}
