import { contractHandler } from '#platform/contracts/invoke';
import { SearchOffers } from '../../contract.js';
import { stayQueryDeps } from '../../runtime.js';
import { searchHotels } from '../../search-hotels.js';

type Offer = { roomTypeId: string; name: string; total: { amount: number; currency: string } };

// The existing searchHotels use case, flattened to one offer per room type for a chat.
export const handler = contractHandler(SearchOffers, async (input) => {
  const result = await searchHotels(await stayQueryDeps(), { ...input, limit: input.limit });
  const offers = result.items.flatMap((hotel) =>
    ((hotel as { offers?: Offer[] }).offers ?? []).map((offer) => ({
      hotelId: hotel.id,
      hotelName: hotel.name,
      roomTypeId: offer.roomTypeId,
      roomTypeName: offer.name,
      total: offer.total,
    })),
  );
  return { offers: offers.slice(0, 10) };
});
