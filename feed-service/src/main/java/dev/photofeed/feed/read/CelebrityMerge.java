package dev.photofeed.feed.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The celebrity merge (Twitter's hybrid): the reader's precomputed timeline and the recent-post lists of the
 * celebrities they follow, each already newest first, merged k-way into one list, newest first, without
 * duplicates (a post fanned out before its owner became a celebrity is in both). Only the first
 * {@code limit} are produced: the rest of each list is never looked at.
 */
final class CelebrityMerge {

    private CelebrityMerge() {
    }

    static List<Long> merge(List<List<Long>> lists, int limit) {
        record Head(List<Long> list, int index) {
            long id() {
                return list.get(index);
            }
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong(Head::id).reversed());
        for (List<Long> list : lists) {
            if (!list.isEmpty()) {
                heads.add(new Head(list, 0));
            }
        }
        List<Long> merged = new ArrayList<>(limit);
        while (!heads.isEmpty() && merged.size() < limit) {
            Head head = heads.poll();
            if (merged.isEmpty() || merged.getLast() != head.id()) {
                merged.add(head.id());
            }
            if (head.index() + 1 < head.list().size()) {
                heads.add(new Head(head.list(), head.index() + 1));
            }
        }
        return merged;
    }
}
