package dev.minternet.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in list of world cities a generated internet ({@code generate: internet}, {@link InternetPlan})
 * places its ASes and routers in, with their coordinates (degrees, north and east positive), and the
 * link delay between two of them: the great-circle distance (haversine, mean Earth radius 6,371 km)
 * stretched by {@link #FIBRE_STRETCH} for the way fibre follows roads, rails and sea floors, at two
 * thirds of the speed of light (light in glass), and never less than a metro link of {@link #METRO_KM}.
 */
final class Cities {
    /** A city: its name and coordinates in degrees. */
    record City(String name, double lat, double lon) {
    }

    /** Fibre routes are this much longer than the great circle (a common rule of thumb: 1.5). */
    static final double FIBRE_STRETCH = 1.5;
    /** Light in fibre: two thirds of c, in metres per second. */
    static final double FIBRE_SPEED_M_PER_S = 299_792_458.0 * 2 / 3;
    /** Mean Earth radius, km. */
    static final double EARTH_RADIUS_KM = 6371.0;
    /** The shortest link: two routers in one city are still this far apart along the fibre. */
    static final double METRO_KM = 10.0;

    static final List<City> ALL = List.of(
            new City("new-york", 40.71, -74.01), new City("london", 51.51, -0.13), new City("frankfurt", 50.11, 8.68),
            new City("amsterdam", 52.37, 4.90), new City("paris", 48.86, 2.35), new City("tokyo", 35.68, 139.69),
            new City("singapore", 1.35, 103.82), new City("hong-kong", 22.32, 114.17),
            new City("los-angeles", 34.05, -118.24), new City("san-jose", 37.34, -121.89),
            new City("chicago", 41.88, -87.63), new City("dallas", 32.78, -96.80), new City("miami", 25.76, -80.19),
            new City("seattle", 47.61, -122.33), new City("ashburn", 39.04, -77.49), new City("toronto", 43.65, -79.38),
            new City("sao-paulo", -23.55, -46.63), new City("buenos-aires", -34.60, -58.38),
            new City("mexico-city", 19.43, -99.13), new City("bogota", 4.71, -74.07), new City("madrid", 40.42, -3.70),
            new City("milan", 45.46, 9.19), new City("stockholm", 59.33, 18.07), new City("warsaw", 52.23, 21.01),
            new City("vienna", 48.21, 16.37), new City("zurich", 47.38, 8.54), new City("marseille", 43.30, 5.37),
            new City("istanbul", 41.01, 28.98), new City("moscow", 55.76, 37.62), new City("dubai", 25.20, 55.27),
            new City("mumbai", 19.08, 72.88), new City("chennai", 13.08, 80.27), new City("delhi", 28.61, 77.21),
            new City("seoul", 37.57, 126.98), new City("osaka", 34.69, 135.50), new City("taipei", 25.03, 121.57),
            new City("shanghai", 31.23, 121.47), new City("beijing", 39.90, 116.41), new City("sydney", -33.87, 151.21),
            new City("melbourne", -37.81, 144.96), new City("auckland", -36.85, 174.76),
            new City("johannesburg", -26.20, 28.05), new City("cape-town", -33.92, 18.42), new City("lagos", 6.52, 3.38),
            new City("nairobi", -1.29, 36.82), new City("cairo", 30.04, 31.24), new City("jakarta", -6.21, 106.85),
            new City("manila", 14.60, 120.98), new City("santiago", -33.45, -70.67), new City("denver", 39.74, -104.99));

    /** Each city's position in {@link #ALL}. */
    private static final Map<City, Integer> INDEX = new IdentityHashMap<>();
    /** The distance between the i-th and j-th cities of {@link #ALL}, computed once (a generated internet asks millions of times). */
    private static final double[][] KM = new double[ALL.size()][ALL.size()];
    /** The cities of {@link #ALL} nearest first from the i-th one, equally far ones in list order. */
    private static final List<List<City>> BY_DISTANCE = new ArrayList<>();

    static {
        for (int i = 0; i < ALL.size(); i++) {
            INDEX.put(ALL.get(i), i);
            for (int j = 0; j < ALL.size(); j++) {
                KM[i][j] = haversineKm(ALL.get(i), ALL.get(j));
            }
        }
        for (int i = 0; i < ALL.size(); i++) {
            double[] from = KM[i];
            List<City> all = new ArrayList<>(ALL);
            all.sort(Comparator.comparingDouble(x -> from[INDEX.get(x)])); // stable: list order breaks ties
            BY_DISTANCE.add(List.copyOf(all));
        }
    }

    private Cities() {
    }

    /** The position of {@code c} in {@link #ALL}, -1 when it is another city. */
    static int index(City c) {
        Integer i = INDEX.get(c);
        return i == null ? -1 : i;
    }

    /** All the cities, nearest to {@code from} first; equally far ones in {@link #ALL}'s order. */
    static List<City> byDistance(City from) {
        int i = index(from);
        if (i >= 0) {
            return BY_DISTANCE.get(i);
        }
        List<City> all = new ArrayList<>(ALL);
        all.sort(Comparator.comparingDouble(x -> distanceKm(from, x)));
        return all;
    }

    /** Great-circle distance in km between two cities (haversine; from the table for the cities of {@link #ALL}). */
    static double distanceKm(City a, City b) {
        Integer i = INDEX.get(a);
        Integer j = INDEX.get(b);
        return i != null && j != null ? KM[i][j] : haversineKm(a, b);
    }

    private static double haversineKm(City a, City b) {
        double p1 = Math.toRadians(a.lat());
        double p2 = Math.toRadians(b.lat());
        double dp = p2 - p1;
        double dl = Math.toRadians(b.lon() - a.lon());
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** One-way delay in ns of a fibre link between two cities: max(distance, metro) x stretch / (2c/3). */
    static long delayNs(City a, City b) {
        double km = Math.max(distanceKm(a, b), METRO_KM);
        return Math.round(km * 1000 * FIBRE_STRETCH / FIBRE_SPEED_M_PER_S * 1e9);
    }
}
